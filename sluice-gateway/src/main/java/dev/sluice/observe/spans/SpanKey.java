package dev.sluice.observe.spans;

import java.nio.charset.StandardCharsets;

/**
 * An attribute's name, encoded once as the {@code key} field of an OTLP {@code KeyValue}: spans
 * repeat the same few keys, so each one is turned into bytes when Sluice starts rather than per
 * span. Keys are compared by identity: make each one once, as a constant.
 *
 * <p>A key made with {@link #ofFewValues} also remembers its last few string values encoded as
 * whole {@code KeyValue}s: a model, a provider, a backend, a team take a handful of values across
 * millions of spans, and a remembered one is copied instead of encoded again (UTF-8 conversion,
 * lengths, an array per value).
 */
public final class SpanKey {
  /** Values remembered per key: a few models and backends; a miss only costs an encoding. */
  private static final int REMEMBERED = 16;

  private final String name;
  private final byte[] encoded; // KeyValue field 1: tag, length, UTF-8
  private final Encoded[] recent; // null: this key's values vary per span (ids, messages)
  // Written by whichever event loop misses, without a lock: entries are immutable, and a racing
  // write that replaces another's entry only makes that value miss once more.
  private int next;

  private SpanKey(String name, boolean fewValues) {
    this.name = name;
    ProtoWriter writer = new ProtoWriter(name.length() + 8);
    writer.bytesField(1, name.getBytes(StandardCharsets.UTF_8));
    this.encoded = writer.toByteArray();
    this.recent = fewValues ? new Encoded[REMEMBERED] : null;
  }

  /** A key whose values vary from span to span (request ids, counts). */
  public static SpanKey of(String name) {
    return new SpanKey(name, false);
  }

  /** A key whose string values repeat across spans: each is encoded once while it is recent. */
  public static SpanKey ofFewValues(String name) {
    return new SpanKey(name, true);
  }

  public String name() {
    return name;
  }

  byte[] encoded() {
    return encoded;
  }

  /** Whether {@link #keyValue} remembers this key's string values. */
  boolean remembersValues() {
    return recent != null;
  }

  /** The body of a {@code KeyValue} of this key and {@code value}: remembered, or encoded now. */
  byte[] keyValue(String value) {
    Encoded[] entries = recent;
    for (Encoded entry : entries) {
      if (entry == null) {
        break;
      }
      if (entry.value == value || entry.value.equals(value)) {
        return entry.keyValue;
      }
    }
    byte[] keyValue = OtlpSpanEncoder.keyValueBody(this, value);
    entries[next++ & (REMEMBERED - 1)] = new Encoded(value, keyValue);
    return keyValue;
  }

  @Override
  public String toString() {
    return name;
  }

  private record Encoded(String value, byte[] keyValue) {}
}
