package dev.sluice.provider;

import java.io.ByteArrayOutputStream;

/**
 * Splits a Server-Sent Events byte stream into whole events, wherever the network split it.
 * An event ends at a blank line ({@code \n\n}, or {@code \r\n\r\n}). Holds only the bytes of
 * the event in progress, bounded by {@code maxEventBytes} so a hostile provider cannot grow it.
 */
public final class SseSplitter {
  private final int maxEventBytes;
  private byte[] pending = new byte[0];

  public SseSplitter(int maxEventBytes) {
    this.maxEventBytes = maxEventBytes;
  }

  /** Feeds bytes; {@code onEvent} receives each completed event, terminator included. */
  public void feed(byte[] chunk, EventHandler onEvent) throws ProviderException {
    byte[] data = pending.length == 0 ? chunk : concat(pending, chunk);
    int start = 0;
    // A terminator may straddle the previous chunk: rescan the last 3 pending bytes.
    int scanFrom = Math.max(0, pending.length - 3);
    for (int i = scanFrom; i < data.length; i++) {
      int end = eventEnd(data, i);
      if (end > 0) {
        byte[] event = new byte[end - start];
        System.arraycopy(data, start, event, 0, event.length);
        onEvent.onEvent(event);
        start = end;
        i = end - 1;
      }
    }
    int rest = data.length - start;
    if (rest > maxEventBytes) {
      throw new ProviderException("stream event larger than " + maxEventBytes + " bytes");
    }
    if (rest == 0) {
      pending = EMPTY;
    } else if (start == 0 && data == chunk) {
      pending = chunk.clone();
    } else {
      pending = new byte[rest];
      System.arraycopy(data, start, pending, 0, rest);
    }
  }

  /** Receives whole events. */
  @FunctionalInterface
  public interface EventHandler {
    void onEvent(byte[] event) throws ProviderException;
  }

  /** True when bytes of an unfinished event are held. */
  public boolean hasPartialEvent() {
    for (byte b : pending) {
      if (b != '\n' && b != '\r') {
        return true;
      }
    }
    return false;
  }

  private static final byte[] EMPTY = new byte[0];

  /** If a blank line ends at or after index i, the index just past it; else 0. */
  private static int eventEnd(byte[] d, int i) {
    if (d[i] != '\n') {
      return 0;
    }
    if (i + 1 < d.length && d[i + 1] == '\n') {
      return i + 2;
    }
    if (i + 2 < d.length && d[i + 1] == '\r' && d[i + 2] == '\n') {
      return i + 3;
    }
    return 0;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }

  /**
   * The payload of an event's {@code data:} lines (joined by newlines, per the SSE spec), or
   * null when the event has none (a comment or keep-alive).
   */
  public static String data(byte[] event) {
    String text = new String(event, java.nio.charset.StandardCharsets.UTF_8);
    StringBuilder data = null;
    for (String line : text.split("\r?\n")) {
      if (line.startsWith("data:")) {
        String value = line.length() > 5 && line.charAt(5) == ' ' ? line.substring(6) : line.substring(5);
        if (data == null) {
          data = new StringBuilder(value);
        } else {
          data.append('\n').append(value);
        }
      }
    }
    return data == null ? null : data.toString();
  }
}
