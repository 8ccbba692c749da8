package dev.sluice.upstream;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;

/**
 * Collects a body (a client's request, a provider's answer) up to a limit, into one byte array.
 * When the sender declared its length ({@code Content-Length}, within the limit) the array ends
 * exactly that size, so it is handed over without a copy: a 1 MB body arrives in dozens of
 * chunks, and growing a buffer (then copying it out) cost more than parsing it. Only the first
 * {@value #EAGER} bytes are allocated before they arrive (a declared length is a claim: a slow
 * client must not make every connection hold its whole limit); past that the array doubles as
 * it fills, never beyond the declared length while the body keeps to it.
 */
public final class BoundedBody {
  private static final byte[] EMPTY = new byte[0];
  private static final int FIRST_CAPACITY = 16 * 1024;
  static final int EAGER = 256 * 1024;

  private final long limit;
  private final long declared; // -1: not declared
  private byte[] bytes = EMPTY;
  private int length;
  private boolean refused;

  /** @param declared the length the sender announced ({@link #declaredLength}), or -1 */
  public BoundedBody(long limit, long declared) {
    this.limit = limit;
    this.declared = declared > 0 && declared <= limit ? declared : -1;
    if (this.declared > 0) {
      bytes = new byte[(int) Math.min(this.declared, EAGER)];
    }
  }

  /** Adds a chunk; false (once) when the body has gone over the limit. */
  public boolean add(Buffer chunk) {
    if (refused) {
      return true; // already answered; the rest is ignored
    }
    int size = chunk.length();
    if ((long) length + size > limit) {
      refused = true;
      bytes = EMPTY; // the part received is dropped; bytes() is empty
      length = 0;
      return false;
    }
    if (length + size > bytes.length) {
      long needed = (long) length + size;
      long grown = Math.max(needed, Math.max(FIRST_CAPACITY, 2L * bytes.length));
      // Up to the declared length, so that an honest body ends with the array exactly full.
      long ceiling = declared >= needed ? declared : limit;
      bytes = Arrays.copyOf(bytes, (int) Math.min(grown, ceiling));
    }
    chunk.getBytes(0, size, bytes, length);
    length += size;
    return true;
  }

  /** A {@code Content-Length} header's value, or -1 when absent or not a number. */
  public static long declaredLength(String contentLength) {
    if (contentLength == null) {
      return -1;
    }
    try {
      return Long.parseLong(contentLength.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The array's current size: at most {@value #EAGER} until more than that has arrived. */
  int capacity() {
    return bytes.length;
  }

  public boolean refused() {
    return refused;
  }

  /** The body; the array itself when it is exactly full (as a declared length makes it). */
  public byte[] bytes() {
    return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
  }
}
