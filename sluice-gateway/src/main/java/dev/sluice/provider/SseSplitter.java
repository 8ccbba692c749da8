package dev.sluice.provider;

import java.nio.charset.StandardCharsets;

/**
 * Splits a Server-Sent Events byte stream into whole events, wherever the network split it.
 * An event ends at a blank line ({@code \n\n}, or {@code \r\n\r\n}). Events are handed out as
 * slices of a buffer, not copies. Holds only the bytes of the event in progress, bounded by
 * {@code maxEventBytes} so a hostile provider cannot grow it.
 */
public final class SseSplitter {
  private static final byte[] EMPTY = new byte[0];

  private final int maxEventBytes;
  private byte[] pending = EMPTY;

  public SseSplitter(int maxEventBytes) {
    this.maxEventBytes = maxEventBytes;
  }

  /** Receives whole events as {@code buffer[from, to)}, terminator included. */
  @FunctionalInterface
  public interface EventHandler {
    void onEvent(byte[] buffer, int from, int to) throws ProviderException;
  }

  /** True when bytes of an unfinished event are held from earlier chunks. */
  public boolean hasPending() {
    return pending.length > 0;
  }

  /** Feeds bytes; {@code onEvent} receives each event they complete, in order. */
  public void feed(byte[] chunk, EventHandler onEvent) throws ProviderException {
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
      throw new ProviderException("stream event larger than " + maxEventBytes + " bytes");
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
    StringBuilder data = null;
    int line = from;
    while (line < to) {
      int end = line;
      while (end < to && buffer[end] != '\n') {
        end++;
      }
      int lineEnd = end > line && buffer[end - 1] == '\r' ? end - 1 : end;
      if (lineEnd - line >= 5 && buffer[line] == 'd' && buffer[line + 1] == 'a'
          && buffer[line + 2] == 't' && buffer[line + 3] == 'a' && buffer[line + 4] == ':') {
        int value = line + 5;
        if (value < lineEnd && buffer[value] == ' ') {
          value++;
        }
        String text = new String(buffer, value, lineEnd - value, StandardCharsets.UTF_8);
        if (data == null) {
          data = new StringBuilder(text);
        } else {
          data.append('\n').append(text);
        }
      }
      line = end + 1;
    }
    return data == null ? null : data.toString();
  }

  /** {@link #data(byte[], int, int)} of a whole array. */
  public static String data(byte[] event) {
    return data(event, 0, event.length);
  }
}
