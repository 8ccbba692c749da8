package dev.sluice.sse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Splits a Server-Sent Events byte stream into whole events, wherever the network split it.
 * An event ends at a blank line ({@code \n\n}, or {@code \r\n\r\n}). Events are handed out as
 * slices of a buffer, not copies. Holds only the bytes of the event in progress, bounded by
 * {@code maxEventBytes} so a hostile peer cannot grow it. Shared by the providers' stream
 * translators and the client-side Anthropic stream writer; each reports failures in its own
 * exception type {@code E}.
 */
public final class SseSplitter<E extends Exception> {
  private static final byte[] EMPTY = new byte[0];

  private final int maxEventBytes;
  private final Function<String, E> failure;
  private byte[] pending = EMPTY;

  /** {@code failure} makes the exception thrown for an event over {@code maxEventBytes}. */
  public SseSplitter(int maxEventBytes, Function<String, E> failure) {
    this.maxEventBytes = maxEventBytes;
    this.failure = failure;
  }

  /** Receives whole events as {@code buffer[from, to)}, terminator included. */
  @FunctionalInterface
  public interface EventHandler<E extends Exception> {
    void onEvent(byte[] buffer, int from, int to) throws E;
  }

  /** True when bytes of an unfinished event are held from earlier chunks. */
  public boolean hasPending() {
    return pending.length > 0;
  }

  /** Feeds bytes; {@code onEvent} receives each event they complete, in order. */
  public void feed(byte[] chunk, EventHandler<E> onEvent) throws E {
    byte[] data = chunk;
    int scanFrom = 0;
    if (pending.length > 0) {
      data = new byte[pending.length + chunk.length];
      System.arraycopy(pending, 0, data, 0, pending.length);
      System.arraycopy(chunk, 0, data, pending.length, chunk.length);
      // No whole event is pending, but its terminator may straddle the boundary.
      scanFrom = Math.max(0, pending.length - 3);
    }
    int start = 0;
    for (int i = scanFrom; i < data.length; i++) {
      if (data[i] == '\n') {
        int end = eventEnd(data, i);
        if (end > 0) {
          onEvent.onEvent(data, start, end);
          start = end;
          i = end - 1;
        }
      }
    }
    int rest = data.length - start;
    if (rest > maxEventBytes) {
      throw failure.apply("stream event larger than " + maxEventBytes + " bytes");
    }
    if (rest == 0) {
      pending = EMPTY;
    } else {
      pending = new byte[rest];
      System.arraycopy(data, start, pending, 0, rest);
    }
  }

  /** If a blank line starts with the newline at index i, the index just past it; else 0. */
  private static int eventEnd(byte[] d, int i) {
    if (i + 1 < d.length && d[i + 1] == '\n') {
      return i + 2;
    }
    if (i + 2 < d.length && d[i + 1] == '\r' && d[i + 2] == '\n') {
      return i + 3;
    }
    return 0;
  }

  /**
   * The payload of an event's {@code data:} lines (joined by newlines, per the SSE spec), or
   * null when the event has none (a comment or keep-alive).
   */
  public static String data(byte[] buffer, int from, int to) {
    return field(DATA, buffer, from, to);
  }

  /** The event's {@code event:} name (the last, if it names several), or null when none. */
  public static String eventName(byte[] buffer, int from, int to) {
    String names = field(EVENT, buffer, from, to);
    return names == null ? null : names.substring(names.lastIndexOf('\n') + 1);
  }

  private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);

  /** The values of the event's lines named {@code name} (with its colon), joined by newlines. */
  private static String field(byte[] name, byte[] buffer, int from, int to) {
    StringBuilder values = null;
    int line = from;
    while (line < to) {
      int end = line;
      while (end < to && buffer[end] != '\n') {
        end++;
      }
      int lineEnd = end > line && buffer[end - 1] == '\r' ? end - 1 : end;
      if (lineEnd - line >= name.length
          && Arrays.equals(buffer, line, line + name.length, name, 0, name.length)) {
        int value = line + name.length;
        if (value < lineEnd && buffer[value] == ' ') {
          value++; // one leading space is part of the syntax
        }
        String text = new String(buffer, value, lineEnd - value, StandardCharsets.UTF_8);
        if (values == null) {
          values = new StringBuilder(text);
        } else {
          values.append('\n').append(text);
        }
      }
      line = end + 1;
    }
    return values == null ? null : values.toString();
  }

  /** {@link #data(byte[], int, int)} of a whole array. */
  public static String data(byte[] event) {
    return data(event, 0, event.length);
  }
}
