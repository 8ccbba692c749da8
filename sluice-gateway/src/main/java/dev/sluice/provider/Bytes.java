package dev.sluice.provider;

import java.nio.charset.StandardCharsets;

/** Byte-level searches for the hot path, where decoding to a String would cost more. */
public final class Bytes {
  private Bytes() {}

  public static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Index of {@code needle} in {@code haystack}, or -1. */
  public static int indexOf(byte[] haystack, byte[] needle) {
    return indexOf(haystack, needle, 0, haystack.length);
  }

  public static int indexOf(byte[] haystack, byte[] needle, int from, int to) {
    byte first = needle[0];
    int last = to - needle.length;
    outer:
    for (int i = from; i <= last; i++) {
      if (haystack[i] != first) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Whether {@code b} is JSON whitespace (RFC 8259: space, tab, line feed, carriage return). */
  public static boolean isJsonSpace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  /** The index of the first byte at or after {@code i} that is not JSON whitespace. */
  public static int skipJsonSpace(byte[] json, int i) {
    while (i < json.length && isJsonSpace(json[i])) {
      i++;
    }
    return i;
  }
}
