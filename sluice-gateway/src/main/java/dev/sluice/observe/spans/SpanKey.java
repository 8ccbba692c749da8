package dev.sluice.observe.spans;

import java.nio.charset.StandardCharsets;

/**
 * An attribute's name, encoded once as the {@code key} field of an OTLP {@code KeyValue}: spans
 * repeat the same few keys, so each one is turned into bytes when Sluice starts rather than per
 * span. Keys are compared by identity: make each one once, as a constant.
 */
public final class SpanKey {
  private final String name;
  private final byte[] encoded; // KeyValue field 1: tag, length, UTF-8

  private SpanKey(String name) {
    this.name = name;
    ProtoWriter writer = new ProtoWriter(name.length() + 8);
    writer.bytesField(1, name.getBytes(StandardCharsets.UTF_8));
    this.encoded = writer.toByteArray();
  }

  public static SpanKey of(String name) {
    return new SpanKey(name);
  }

  public String name() {
    return name;
  }

  byte[] encoded() {
    return encoded;
  }

  @Override
  public String toString() {
    return name;
  }
}
