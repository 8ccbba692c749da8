package dev.sluice.observe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.sluice.provider.TokenUsage;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The access-log line as Jackson's generator wrote it before {@link LineFormatter} took over
 * (the code as it was): the reference the hand-written lines are compared with, byte for byte.
 */
final class JacksonLineFormatter {
  private static final JsonFactory JSON = new JsonFactory();
  // Field names encoded once: writing them is then a byte copy.
  private static final SerializedString REQUEST_ID = new SerializedString("request_id");
  private static final SerializedString KEY_ID = new SerializedString("key_id");
  private static final SerializedString OWNER = new SerializedString("owner");
  private static final SerializedString TEAM = new SerializedString("team");
  private static final SerializedString PROJECT = new SerializedString("project");
  private static final SerializedString AGENT = new SerializedString("agent");
  private static final SerializedString ENDPOINT = new SerializedString("endpoint");
  private static final SerializedString MODEL = new SerializedString("model");
  private static final SerializedString BACKEND = new SerializedString("backend");
  private static final SerializedString UPSTREAM_MODEL = new SerializedString("upstream_model");
  private static final SerializedString STATUS = new SerializedString("status");
  private static final SerializedString ERROR_CODE = new SerializedString("error_code");
  private static final SerializedString STREAM = new SerializedString("stream");
  private static final SerializedString ATTEMPTS = new SerializedString("attempts");
  private static final SerializedString COST_USD = new SerializedString("cost_usd");
  private static final SerializedString ROUTE = new SerializedString("route");
  private static final SerializedString INPUT_TOKENS = new SerializedString("input_tokens");
  private static final SerializedString OUTPUT_TOKENS = new SerializedString("output_tokens");
  private static final SerializedString CACHED_INPUT_TOKENS = new SerializedString("cached_input_tokens");
  private static final SerializedString LATENCY_MS = new SerializedString("latency_ms");
  private static final SerializedString TTFT_MS = new SerializedString("ttft_ms");
  private static final SerializedString UPSTREAM_LATENCY_MS = new SerializedString("upstream_latency_ms");
  private static final SerializedString TS = new SerializedString("ts");

  private final OutputStream out;
  private final JsonGenerator json;
  private final char[] number = new char[24];
  private final char[] timestamp = new char[24]; // yyyy-MM-ddTHH:mm:ss.SSSZ
  private long cachedSecond = Long.MIN_VALUE;

  JacksonLineFormatter(OutputStream out) {
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
    json.writeFieldName(TS);
    json.writeString(timestamp(r.startEpochMillis()), 0, 24);
    json.writeFieldName(REQUEST_ID);
    json.writeString(r.requestId());
    json.writeFieldName(KEY_ID);
    json.writeString(r.keyId());
    json.writeFieldName(OWNER);
    json.writeString(r.owner());
    json.writeFieldName(TEAM);
    json.writeString(r.team());
    json.writeFieldName(PROJECT);
    json.writeString(r.project());
    json.writeFieldName(AGENT);
    json.writeString(r.agent());
    json.writeFieldName(ENDPOINT);
    json.writeString(r.endpoint());
    json.writeFieldName(MODEL);
    json.writeString(r.model());
    json.writeFieldName(BACKEND);
    json.writeString(r.backend());
    json.writeFieldName(UPSTREAM_MODEL);
    json.writeString(r.upstreamModel());
    json.writeFieldName(STATUS);
    json.writeNumber(r.status());
    json.writeFieldName(ERROR_CODE);
    json.writeString(r.errorCode());
    json.writeFieldName(STREAM);
    json.writeBoolean(r.stream());
    json.writeFieldName(ATTEMPTS);
    json.writeNumber(r.attempts());
    writeCount(INPUT_TOKENS, usage == null ? -1 : usage.inputTokens());
    writeCount(OUTPUT_TOKENS, usage == null ? -1 : usage.outputTokens());
    writeCount(CACHED_INPUT_TOKENS, usage == null ? -1 : usage.cachedInputTokens());
    if (r.costUsd() == null) {
      json.writeFieldName(COST_USD);
      json.writeNull();
    } else {
      json.writeFieldName(COST_USD);
    json.writeNumber(r.costUsd());
    }
    writeMillis(LATENCY_MS, r.latencyNanos());
    writeMillis(TTFT_MS, r.ttftNanos());
    writeMillis(UPSTREAM_LATENCY_MS, r.attempts() == 0 ? -1 : r.upstreamNanos());
    json.writeFieldName(ROUTE);
    json.writeString(r.route());
    json.writeEndObject();
  }

  /** Unknown counts are null, not 0: a request that never reached a provider used no tokens we know of. */
  private void writeCount(SerializedString name, long count) throws IOException {
    if (count < 0) {
      json.writeFieldName(name);
      json.writeNull();
    } else {
      json.writeFieldName(name);
      json.writeNumber(count);
    }
  }

  /** Nanoseconds as milliseconds with three decimals (µs precision), e.g. {@code 12.345}. */
  private void writeMillis(SerializedString name, long nanos) throws IOException {
    if (nanos < 0) {
      json.writeFieldName(name);
      json.writeNull();
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
