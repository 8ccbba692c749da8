package dev.sluice.upstream;

import dev.sluice.provider.Bytes;

/**
 * How much text a stream has delivered to the client, for charging a stream that ended without
 * the provider's usage (the client left, or the provider broke off before its usage event):
 * SPEC §5 charges such a stream for what was streamed. It adds up the lengths of the
 * {@code content} and tool-call {@code arguments} strings in the OpenAI chunks written to the
 * client (every provider's stream is translated to those before it is written), and turns them
 * into tokens at about four bytes a token, the usual ratio for English; the estimate only matters
 * for a cut stream, where the alternative is charging nothing.
 */
final class StreamedText {
  private static final byte[] CONTENT = Bytes.ascii("\"content\":");
  private static final byte[] ARGUMENTS = Bytes.ascii("\"arguments\":");
  private static final int BYTES_PER_TOKEN = 4;

  private long bytes;

  /** Counts the text in one batch of client events. */
  void add(byte[] events) {
    bytes += stringBytesAfter(events, CONTENT) + stringBytesAfter(events, ARGUMENTS);
  }

  boolean any() {
    return bytes > 0;
  }

  long estimatedTokens() {
    return (bytes + BYTES_PER_TOKEN - 1) / BYTES_PER_TOKEN;
  }

  /** The summed lengths (escapes included) of the string values that follow {@code field}. */
  private static long stringBytesAfter(byte[] events, byte[] field) {
    long total = 0;
    int at = Bytes.indexOf(events, field);
    while (at >= 0) {
      int i = at + field.length;
      while (i < events.length && events[i] == ' ') {
        i++;
      }
      if (i < events.length && events[i] == '"') {
        int start = ++i;
        while (i < events.length && events[i] != '"') {
          i += events[i] == '\\' ? 2 : 1;
        }
        total += Math.min(i, events.length) - start;
      }
      at = Bytes.indexOf(events, field, i, events.length);
    }
    return total;
  }
}
