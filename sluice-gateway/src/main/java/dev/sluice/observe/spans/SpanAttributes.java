package dev.sluice.observe.spans;

import java.util.Arrays;

/**
 * A span's attributes in the order they were put: keys and values side by side, no map and no
 * lock, since one request's span is filled by one thread at a time. Filled while the span is
 * open; a {@link FinishedSpan} owns it afterwards and nothing writes to it again. A key put
 * twice is kept twice: Sluice's spans put each key once.
 */
public final class SpanAttributes {
  private SpanKey[] keys;
  private Object[] values; // String, Boolean, Long or Double, as the key's type says
  private int size;

  public SpanAttributes(int capacity) {
    keys = new SpanKey[capacity];
    values = new Object[capacity];
  }

  /** Puts a string value; a null value puts nothing. */
  public SpanAttributes put(SpanKey key, String value) {
    if (value != null) {
      add(key, value);
    }
    return this;
  }

  public SpanAttributes put(SpanKey key, long value) {
    add(key, value);
    return this;
  }

  public SpanAttributes put(SpanKey key, boolean value) {
    add(key, value);
    return this;
  }

  public SpanAttributes put(SpanKey key, double value) {
    add(key, value);
    return this;
  }

  /** Puts every attribute of {@code others}, in their order. */
  public SpanAttributes putAll(SpanAttributes others) {
    for (int i = 0; i < others.size; i++) {
      add(others.keys[i], others.values[i]);
    }
    return this;
  }

  public int size() {
    return size;
  }

  public SpanKey key(int index) {
    return keys[index];
  }

  public Object value(int index) {
    return values[index];
  }

  private void add(SpanKey key, Object value) {
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2 + 1);
      values = Arrays.copyOf(values, size * 2 + 1);
    }
    keys[size] = key;
    values[size] = value;
    size++;
  }
}
