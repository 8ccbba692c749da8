package dev.sluice.observe.spans;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A W3C trace context (Trace Context level 1): the trace id, the id of the span that is the
 * parent of what comes next, whether the trace is sampled, and the vendors' {@code tracestate},
 * passed along unparsed. Read from a caller's {@code traceparent} header and written into the
 * ones sent upstream.
 *
 * @param flags the W3C trace flags, passed on as received ({@link #SAMPLED}, {@link #RANDOM})
 * @param traceState the caller's {@code tracestate}, or null
 */
public record TraceContext(long traceIdHigh, long traceIdLow, long spanId, int flags,
    String traceState) {
  /** W3C's trace flags: the caller records this trace. */
  public static final int SAMPLED = 0x01;
  /** W3C Trace Context level 2: the trace id's low 7 bytes are random (Sluice's ids are). */
  public static final int RANDOM = 0x02;
  private static final int LENGTH = 55; // "00-" 32 hex "-" 16 hex "-" 2 hex
  private static final int MAX_TRACE_STATE = 512; // W3C: 32 entries; we only pass it on
  private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /**
   * The caller's context, or null when it sent none or one that W3C says to ignore: a version
   * other than 00 must still start with a valid version-00 header, {@code ff} is invalid, ids of
   * all zeros are invalid, and hex is lowercase. A {@code tracestate} that is too long or holds
   * anything but printable ASCII is dropped and the context kept.
   */
  public static TraceContext parse(String header, String tracestate) {
    if (header == null || header.length() < LENGTH) {
      return null;
    }
    if (header.charAt(2) != '-' || header.charAt(35) != '-' || header.charAt(52) != '-') {
      return null;
    }
    if (!valid(header, 0, 2) || !valid(header, 3, 32) || !valid(header, 36, 16)
        || !valid(header, 53, 2)) {
      return null;
    }
    long version = hex(header, 0, 2);
    if (version == 0xff || (version == 0 ? header.length() != LENGTH
        : header.length() > LENGTH && header.charAt(LENGTH) != '-')) {
      return null;
    }
    long high = hex(header, 3, 16);
    long low = hex(header, 19, 16);
    long span = hex(header, 36, 16);
    long flags = hex(header, 53, 2);
    if ((high == 0 && low == 0) || span == 0) {
      return null;
    }
    return new TraceContext(high, low, span, (int) flags, acceptable(tracestate));
  }

  /** A new trace's root: random ids, flagged random and, if {@code sampled}, sampled. */
  public static TraceContext newRoot(boolean sampled) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return new TraceContext(random.nextLong(), nonZero(random), nonZero(random),
        RANDOM | (sampled ? SAMPLED : 0), null);
  }

  public boolean sampled() {
    return (flags & SAMPLED) != 0;
  }

  /** This context with the sampled flag cleared: the trace goes on, unrecorded. */
  public TraceContext unsampled() {
    return new TraceContext(traceIdHigh, traceIdLow, spanId, flags & ~SAMPLED, traceState);
  }

  /** A span of this trace, child of this context's span: a new span id, the same trace. */
  public TraceContext child() {
    return new TraceContext(traceIdHigh, traceIdLow, nonZero(ThreadLocalRandom.current()), flags,
        traceState);
  }

  /** The {@code traceparent} header naming this context's span as the parent. */
  public String traceparent() {
    // Bytes, made a Latin-1 string as they are: a char[] would be compressed to bytes again.
    byte[] header = new byte[LENGTH];
    header[0] = '0';
    header[1] = '0';
    header[2] = '-';
    write(header, 3, traceIdHigh);
    write(header, 19, traceIdLow);
    header[35] = '-';
    write(header, 36, spanId);
    header[52] = '-';
    header[53] = DIGITS[(flags >>> 4) & 0xf];
    header[54] = DIGITS[flags & 0xf];
    return new String(header, StandardCharsets.ISO_8859_1);
  }

  public String traceIdHex() {
    byte[] hex = new byte[32];
    write(hex, 0, traceIdHigh);
    write(hex, 16, traceIdLow);
    return new String(hex, StandardCharsets.ISO_8859_1);
  }

  public static String spanIdHex(long spanId) {
    byte[] hex = new byte[16];
    write(hex, 0, spanId);
    return new String(hex, StandardCharsets.ISO_8859_1);
  }

  static long nonZero(ThreadLocalRandom random) {
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    return id;
  }

  private static void write(byte[] to, int at, long value) {
    for (int i = at + 15; i >= at; i--) {
      to[i] = DIGITS[(int) (value & 0xf)];
      value >>>= 4;
    }
  }

  /** The value of {@code length} (at most 16) hex digits, already checked by {@link #valid}. */
  private static long hex(String s, int at, int length) {
    long value = 0;
    for (int i = at; i < at + length; i++) {
      char c = s.charAt(i);
      value = (value << 4) | (c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return value;
  }

  /** Only lowercase hex digits, as W3C requires. */
  private static boolean valid(String s, int at, int length) {
    for (int i = at; i < at + length; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static String acceptable(String tracestate) {
    if (tracestate == null || tracestate.isEmpty() || tracestate.length() > MAX_TRACE_STATE) {
      return null;
    }
    for (int i = 0; i < tracestate.length(); i++) {
      char c = tracestate.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return null;
      }
    }
    return tracestate;
  }
}
