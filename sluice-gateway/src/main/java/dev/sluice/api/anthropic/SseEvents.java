package dev.sluice.api.anthropic;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits an SSE byte stream into events wherever it was cut, holding only the event in progress
 * (bounded, so a runaway event cannot grow it). The api package may not use the providers'
 * {@code SseSplitter}, and needs less: the event name and the joined {@code data:} lines.
 */
final class SseEvents {
  private static final byte[] EMPTY = new byte[0];

  /** Receives each whole event; {@code name} and {@code data} are null when absent. */
  @FunctionalInterface
  interface Handler {
    void onEvent(String name, String data) throws AnthropicTranslationException;
  }

  private final int maxEventBytes;
  private byte[] pending = EMPTY;

  SseEvents(int maxEventBytes) {
    this.maxEventBytes = maxEventBytes;
  }

  void feed(byte[] chunk, Handler handler) throws AnthropicTranslationException {
    byte[] data = chunk;
    int scanFrom = 0;
    if (pending.length > 0) {
      data = new byte[pending.length + chunk.length];
      System.arraycopy(pending, 0, data, 0, pending.length);
      System.arraycopy(chunk, 0, data, pending.length, chunk.length);
      // The pending bytes hold no whole event, but a terminator may straddle the boundary.
      scanFrom = Math.max(0, pending.length - 2);
    }
    int start = 0;
    for (int i = scanFrom; i < data.length; i++) {
      // An event ends at a blank line: "\n\n" or "\n\r\n".
      if (data[i] == '\n') {
        int end = i + 1 < data.length && data[i + 1] == '\n' ? i + 2
            : i + 2 < data.length && data[i + 1] == '\r' && data[i + 2] == '\n' ? i + 3 : -1;
        if (end > 0) {
          event(data, start, end, handler);
          start = end;
          i = end - 1;
        }
      }
    }
    int rest = data.length - start;
    if (rest > maxEventBytes) {
      throw new AnthropicTranslationException("stream event larger than " + maxEventBytes + " bytes");
    }
    pending = rest == 0 ? EMPTY : Arrays.copyOfRange(data, start, data.length);
  }

  private static void event(byte[] buffer, int from, int to, Handler handler)
      throws AnthropicTranslationException {
    String name = null;
    StringBuilder data = null;
    for (String line : new String(buffer, from, to - from, StandardCharsets.UTF_8).split("\r?\n")) {
      if (line.startsWith("data:")) {
        String value = value(line, 5);
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      } else if (line.startsWith("event:")) {
        name = value(line, 6);
      }
    }
    if (name != null || data != null) {
      handler.onEvent(name, data == null ? null : data.toString());
    }
  }

  /** The field value after its name: one leading space is part of the syntax (SSE spec). */
  private static String value(String line, int from) {
    return line.startsWith(" ", from) ? line.substring(from + 1) : line.substring(from);
  }
}
