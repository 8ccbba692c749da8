package dev.sluice.observe;

import dev.sluice.provider.TokenUsage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * Writes access records as JSON lines (SPEC §5: the fields and their order), one line a record
 * into the output in one write. Used by one thread at a time.
 *
 * <p>Written by hand, not through a JSON generator: every line has the same fields in the same
 * order, so the names are constant bytes, and what varies is a string, a number, a boolean or
 * null. Jackson's generator spent most of its time checking, value by value, that the value was
 * allowed where it came (~1.6 of the writer thread's 2.5 µs a request in the bench's profile;
 * {@code AccessLogBenchmarks} measures the line). Strings are escaped as RFC 8259 requires and as
 * Jackson did (the quote, the backslash and control characters), the rest written as UTF-8
 * (characters beyond U+FFFF too, which Jackson wrote as escaped surrogate pairs); a lone
 * surrogate, which has no UTF-8 form, is written as U+FFFD where Jackson failed the line. The timestamp
 * reuses its formatted second; durations are fixed-point milliseconds with microsecond
 * precision.
 */
public final class LineFormatter {
  // Each field's separator, name and colon, encoded once.
  private static final byte[] TS = field("{", "ts");
  private static final byte[] REQUEST_ID = field(",", "request_id");
  private static final byte[] STATUS = field(",", "status");
  private static final byte[] STREAM = field(",", "stream");
  private static final byte[] ATTEMPTS = field(",", "attempts");
  private static final byte[] INPUT_TOKENS = field(",", "input_tokens");
  private static final byte[] OUTPUT_TOKENS = field(",", "output_tokens");
  private static final byte[] CACHED_INPUT_TOKENS = field(",", "cached_input_tokens");
  private static final byte[] COST_USD = field(",", "cost_usd");
  private static final byte[] LATENCY_MS = field(",", "latency_ms");
  private static final byte[] TTFT_MS = field(",", "ttft_ms");
  private static final byte[] UPSTREAM_LATENCY_MS = field(",", "upstream_latency_ms");
  private static final byte[] NULL = ascii("null");
  private static final byte[] TRUE = ascii("true");
  private static final byte[] FALSE = ascii("false");
  private static final byte[] END = ascii("}\n");
  private static final byte[] HEX = ascii("0123456789ABCDEF");
  private static final int REPLACEMENT = 0xFFFD; // for a lone surrogate

  private final OutputStream out;
  private byte[] line = new byte[1024];
  private int size;
  // The names a caller's requests repeat: see RepeatedString.
  private final RepeatedString keyId = new RepeatedString("key_id");
  private final RepeatedString owner = new RepeatedString("owner");
  private final RepeatedString team = new RepeatedString("team");
  private final RepeatedString project = new RepeatedString("project");
  private final RepeatedString agent = new RepeatedString("agent");
  private final RepeatedString endpoint = new RepeatedString("endpoint");
  private final RepeatedString model = new RepeatedString("model");
  private final RepeatedString backend = new RepeatedString("backend");
  private final RepeatedString upstreamModel = new RepeatedString("upstream_model");
  private final RepeatedString errorCode = new RepeatedString("error_code");
  private final RepeatedString route = new RepeatedString("route");
  private final byte[] timestamp = new byte[24]; // yyyy-MM-ddTHH:mm:ss.SSSZ
  private long cachedSecond = Long.MIN_VALUE;

  public LineFormatter(OutputStream out) {
    this.out = out;
  }

  /** Writes one record and its newline into the output (not flushed). */
  public void write(AccessRecord r) {
    size = 0;
    TokenUsage usage = r.usage();
    raw(TS);
    timestamp(r.startEpochMillis());
    raw(REQUEST_ID);
    string(r.requestId());
    keyId.write(r.keyId());
    owner.write(r.owner());
    team.write(r.team());
    project.write(r.project());
    agent.write(r.agent());
    endpoint.write(r.endpoint());
    model.write(r.model());
    backend.write(r.backend());
    upstreamModel.write(r.upstreamModel());
    raw(STATUS);
    number(r.status());
    errorCode.write(r.errorCode());
    raw(STREAM);
    raw(r.stream() ? TRUE : FALSE);
    raw(ATTEMPTS);
    number(r.attempts());
    raw(INPUT_TOKENS);
    count(usage == null ? -1 : usage.inputTokens());
    raw(OUTPUT_TOKENS);
    count(usage == null ? -1 : usage.outputTokens());
    raw(CACHED_INPUT_TOKENS);
    count(usage == null ? -1 : usage.cachedInputTokens());
    raw(COST_USD);
    decimal(r.costUsd());
    raw(LATENCY_MS);
    millis(r.latencyNanos());
    raw(TTFT_MS);
    millis(r.ttftNanos());
    raw(UPSTREAM_LATENCY_MS);
    millis(r.attempts() == 0 ? -1 : r.upstreamNanos());
    route.write(r.route());
    raw(END);
    try {
      out.write(line, 0, size);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Unknown counts are null, not 0: a request that never reached a provider used no tokens we know of. */
  private void count(long count) {
    if (count < 0) {
      raw(NULL);
    } else {
      number(count);
    }
  }

  /** A price, as {@link BigDecimal#toString} writes it (JSON allows its exponent form). */
  private void decimal(BigDecimal value) {
    if (value == null) {
      raw(NULL);
    } else {
      writeAscii(value.toString()); // digits, '.', '-', 'E', '+'
    }
  }

  /** Nanoseconds as milliseconds with three decimals (µs precision), e.g. {@code 12.345}. */
  private void millis(long nanos) {
    if (nanos < 0) {
      raw(NULL);
      return;
    }
    long micros = (nanos + 500) / 1_000;
    number(micros / 1_000);
    ensure(4);
    long fraction = micros % 1_000;
    line[size] = '.';
    line[size + 1] = (byte) ('0' + fraction / 100);
    line[size + 2] = (byte) ('0' + fraction / 10 % 10);
    line[size + 3] = (byte) ('0' + fraction % 10);
    size += 4;
  }

  private void number(long value) {
    if (value < 0) { // no count or duration Sluice records is negative; written exactly if one is
      writeAscii(Long.toString(value));
      return;
    }
    int digits = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    ensure(digits);
    for (int at = size + digits - 1; at >= size; at--) {
      line[at] = (byte) ('0' + value % 10);
      value /= 10;
    }
    size += digits;
  }

  /** A JSON string, or null. */
  private void string(String s) {
    if (s == null) {
      raw(NULL);
      return;
    }
    int length = s.length();
    ensure(length * 6 + 2); // the longest form of a char is \\u00XX
    byte[] b = line;
    int at = size;
    b[at++] = '"';
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          b[at++] = (byte) c;
        } else {
          at = escape(b, at, c);
        }
      } else if (c < 0x800) {
        b[at++] = (byte) (0xC0 | c >> 6);
        b[at++] = (byte) (0x80 | c & 0x3F);
      } else if (!Character.isSurrogate(c)) {
        at = threeBytes(b, at, c);
      } else if (Character.isHighSurrogate(c) && i + 1 < length
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int codePoint = Character.toCodePoint(c, s.charAt(++i));
        b[at++] = (byte) (0xF0 | codePoint >> 18);
        b[at++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
        b[at++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
        b[at++] = (byte) (0x80 | codePoint & 0x3F);
      } else {
        at = threeBytes(b, at, REPLACEMENT);
      }
    }
    b[at++] = '"';
    size = at;
  }

  private static int threeBytes(byte[] b, int at, int c) {
    b[at] = (byte) (0xE0 | c >> 12);
    b[at + 1] = (byte) (0x80 | c >> 6 & 0x3F);
    b[at + 2] = (byte) (0x80 | c & 0x3F);
    return at + 3;
  }

  /** The quote, the backslash, and control characters (short forms where JSON has them). */
  private static int escape(byte[] b, int at, char c) {
    b[at++] = '\\';
    switch (c) {
      case '"' -> b[at++] = '"';
      case '\\' -> b[at++] = '\\';
      case '\n' -> b[at++] = 'n';
      case '\r' -> b[at++] = 'r';
      case '\t' -> b[at++] = 't';
      case '\b' -> b[at++] = 'b';
      case '\f' -> b[at++] = 'f';
      default -> {
        b[at++] = 'u';
        b[at++] = '0';
        b[at++] = '0';
        b[at++] = HEX[c >> 4];
        b[at++] = HEX[c & 0xF];
      }
    }
    return at;
  }

  /** RFC 3339 UTC with milliseconds, quoted; the date and time of day are formatted once per second. */
  private void timestamp(long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000);
    if (second != cachedSecond) {
      cachedSecond = second;
      String formatted = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(second));
      for (int i = 0; i < 19; i++) { // ...:ss, before the Z
        timestamp[i] = (byte) formatted.charAt(i);
      }
      timestamp[19] = '.';
      timestamp[23] = 'Z';
    }
    int millis = (int) Math.floorMod(epochMillis, 1000);
    timestamp[20] = (byte) ('0' + millis / 100);
    timestamp[21] = (byte) ('0' + millis / 10 % 10);
    timestamp[22] = (byte) ('0' + millis % 10);
    ensure(timestamp.length + 2);
    line[size++] = '"';
    System.arraycopy(timestamp, 0, line, size, timestamp.length);
    size += timestamp.length;
    line[size++] = '"';
  }

  /** Text known to be ASCII, a byte a character. */
  private void writeAscii(String text) {
    ensure(text.length());
    for (int i = 0; i < text.length(); i++) {
      line[size++] = (byte) text.charAt(i);
    }
  }

  private void raw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, line, size, bytes.length);
    size += bytes.length;
  }

  private void ensure(int more) {
    if (size + more > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, size + more));
    }
  }

  private static byte[] field(String separator, String name) {
    return ascii(separator + '"' + name + "\":");
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * A string field whose value is mostly the last line's: the key, team, model, backend and route
   * of one caller's requests. When it is, the bytes it encoded to are copied rather than encoded
   * again: comparing two strings is a vectorized intrinsic, where encoding goes a character at a
   * time (~0.5 µs a line over these fields in the bench's profile).
   */
  private final class RepeatedString {
    private final byte[] name; // separator, name and colon
    private String last;
    private byte[] lastBytes; // quoted and escaped

    RepeatedString(String name) {
      this.name = field(",", name);
    }

    void write(String value) {
      raw(name);
      if (value != null && value.equals(last)) {
        raw(lastBytes);
        return;
      }
      int start = size;
      string(value);
      if (value != null) {
        last = value;
        lastBytes = Arrays.copyOfRange(line, start, size);
      }
    }
  }
}
