package dev.sluice.provider;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A structural scan of a JSON document on bytes, without tokenizing it: it tracks strings
 * (with escapes) and nesting depth, checks that the document is one balanced object, and finds
 * a field of the top-level object. It costs a tight loop over the bytes, where a parser would
 * also decode and intern every name and number it passes — the difference showed in the request
 * path's profile, where answers are relayed as they came and only their usage is read.
 *
 * <p>It catches what a broken provider actually sends — a cut-off body, HTML, an empty answer —
 * but not every syntax error inside a balanced object; those reach the client as they came,
 * as they would through any proxy.
 */
public final class JsonScan {
  // Eight bytes at a time through a string (most of an answer's bytes are inside strings).
  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long QUOTES = ONES * '"';
  private static final long BACKSLASHES = ONES * '\\';

  private JsonScan() {}

  /** Where a top-level field's value starts; or why the document is not a whole object. */
  public record Result(boolean wholeObject, int valueStart, String problem) {}

  /**
   * Scans {@code json}; {@code field} is the field name with its quotes, as bytes (e.g.
   * {@code "usage"}). {@code valueStart} is the index of the value's first byte, or -1.
   */
  public static Result topLevelField(byte[] json, byte[] field) {
    int i = Bytes.skipJsonSpace(json, 0);
    if (i >= json.length || json[i] != '{') {
      return new Result(false, -1, "not a JSON object");
    }
    int depth = 0;
    int valueStart = -1;
    boolean expectingName = false; // at depth 1, after '{' or ','
    for (; i < json.length; i++) {
      byte b = json[i];
      switch (b) {
        case '"' -> {
          int start = i;
          i = endOfString(json, i);
          if (i < 0) {
            return new Result(false, -1, "unterminated string");
          }
          if (depth == 1 && expectingName && valueStart < 0
              && i - start + 1 == field.length
              && Arrays.equals(json, start, i + 1, field, 0, field.length)) {
            int colon = Bytes.skipJsonSpace(json, i + 1);
            if (colon < json.length && json[colon] == ':') {
              valueStart = Bytes.skipJsonSpace(json, colon + 1);
            }
          }
          expectingName = false;
        }
        case '{', '[' -> {
          depth++;
          expectingName = b == '{' && depth == 1;
        }
        case '}', ']' -> {
          depth--;
          if (depth < 0) {
            return new Result(false, -1, "unbalanced brackets");
          }
          if (depth == 0) {
            int end = Bytes.skipJsonSpace(json, i + 1);
            return end == json.length
                ? new Result(true, valueStart, null)
                : new Result(false, -1, "unexpected content after the JSON object");
          }
        }
        case ',' -> expectingName = depth == 1;
        default -> { }
      }
    }
    return new Result(false, -1, "the JSON object is cut short");
  }

  /**
   * Index of the closing quote of the string opening at {@code i}, or -1. Reads a word of eight
   * bytes at a time and stops only at a quote or a backslash in it: a byte-by-byte loop was the
   * scan's whole cost (~1 µs a 700-byte answer in the request path's profile).
   */
  static int endOfString(byte[] json, int i) {
    int j = i + 1;
    while (j <= json.length - Long.BYTES) {
      long word = (long) WORDS.get(json, j);
      long stops = zeroBytes(word ^ QUOTES) | zeroBytes(word ^ BACKSLASHES);
      if (stops == 0) {
        j += Long.BYTES;
      } else {
        j += Long.numberOfTrailingZeros(stops) >>> 3; // the first quote or backslash
        if (json[j] == '"') {
          return j;
        }
        j += 2; // a backslash and the byte it escapes
      }
    }
    for (; j < json.length; j++) {
      byte b = json[j];
      if (b == '\\') {
        j++;
      } else if (b == '"') {
        return j;
      }
    }
    return -1;
  }

  /**
   * A word whose high bit is set in the lowest byte of {@code word} that is zero, if any (higher
   * bytes may be flagged wrongly once a borrow passes through a zero byte; only the lowest flag
   * is used). Bytes from 0x80 up, as UTF-8 continuation bytes are, are never flagged.
   */
  private static long zeroBytes(long word) {
    return (word - ONES) & ~word & HIGHS;
  }
}
