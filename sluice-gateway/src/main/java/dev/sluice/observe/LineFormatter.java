package dev.sluice.observe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.provider.TokenUsage;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Writes access records as JSON lines (SPEC §5: the fields and their order). Used by one thread
 * at a time. The hot parts are done by hand, measured with {@code AccessLogBenchmarks}: the
 * timestamp reuses its formatted second, and durations are written as fixed-point milliseconds
 * with microsecond precision instead of through double formatting.
 */
public final class LineFormatter {
  private static final JsonFactory JSON = new JsonFactory();

  private final OutputStream out;
  private final JsonGenerator json;
  private final char[] number = new char[24];
  private final char[] timestamp = new char[24]; // yyyy-MM-ddTHH:mm:ss.SSSZ
  private long cachedSecond = Long.MIN_VALUE;

  public LineFormatter(OutputStream out) {
    this.out = out;
    try {
      this.json = JSON.createGenerator(out)
          // flush() moves the generator's buffer into `out` only; `out` is flushed per batch.
          .disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    json.setRootValueSeparator(null);
  }

  /** Writes one record and its newline into the output (not flushed). */
  public void write(AccessRecord r) {
    try {
      writeObject(r);
      json.flush();
      out.write('\n');
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void writeObject(AccessRecord r) throws IOException {
    TokenUsage usage = r.usage();
    json.writeStartObject();
    json.writeFieldName("ts");
    json.writeString(timestamp(r.startEpochMillis()), 0, 24);
    json.writeStringField("request_id", r.requestId());
    json.writeStringField("key_id", r.keyId());
    json.writeStringField("owner", r.owner());
    json.writeStringField("team", r.team());
    json.writeStringField("project", r.project());
    json.writeStringField("agent", r.agent());
    json.writeStringField("endpoint", r.endpoint());
    json.writeStringField("model", r.model());
    json.writeStringField("backend", r.backend());
    json.writeStringField("upstream_model", r.upstreamModel());
    json.writeNumberField("status", r.status());
    json.writeStringField("error_code", r.errorCode());
    json.writeBooleanField("stream", r.stream());
    json.writeNumberField("attempts", r.attempts());
    writeCount("input_tokens", usage == null ? -1 : usage.inputTokens());
    writeCount("output_tokens", usage == null ? -1 : usage.outputTokens());
    writeCount("cached_input_tokens", usage == null ? -1 : usage.cachedInputTokens());
    if (r.costUsd() == null) {
      json.writeNullField("cost_usd");
    } else {
      json.writeNumberField("cost_usd", r.costUsd());
    }
    writeMillis("latency_ms", r.latencyNanos());
    writeMillis("ttft_ms", r.ttftNanos());
    writeMillis("upstream_latency_ms", r.attempts() == 0 ? -1 : r.upstreamNanos());
    json.writeStringField("route", r.route());
    json.writeEndObject();
  }

  /** Unknown counts are null, not 0: a request that never reached a provider used no tokens we know of. */
  private void writeCount(String name, long count) throws IOException {
    if (count < 0) {
      json.writeNullField(name);
    } else {
      json.writeNumberField(name, count);
    }
  }

  /** Nanoseconds as milliseconds with three decimals (µs precision), e.g. {@code 12.345}. */
  private void writeMillis(String name, long nanos) throws IOException {
    if (nanos < 0) {
      json.writeNullField(name);
      return;
    }
    long micros = (nanos + 500) / 1_000;
    int end = number.length;
    int pos = end;
    long fraction = micros % 1_000;
    for (int i = 0; i < 3; i++) {
      number[--pos] = (char) ('0' + fraction % 10);
      fraction /= 10;
    }
    number[--pos] = '.';
    long whole = micros / 1_000;
    do {
      number[--pos] = (char) ('0' + whole % 10);
      whole /= 10;
    } while (whole > 0);
    json.writeFieldName(name);
    json.writeNumber(number, pos, end - pos);
  }

  /** RFC 3339 UTC with milliseconds; the date and time of day are formatted once per second. */
  private char[] timestamp(long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000);
    if (second != cachedSecond) {
      cachedSecond = second;
      DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(second)) // ...:ssZ
          .getChars(0, 19, timestamp, 0);
      timestamp[19] = '.';
      timestamp[23] = 'Z';
    }
    int millis = (int) Math.floorMod(epochMillis, 1000);
    timestamp[20] = (char) ('0' + millis / 100);
    timestamp[21] = (char) ('0' + millis / 10 % 10);
    timestamp[22] = (char) ('0' + millis % 10);
    return timestamp;
  }
}
