package dev.sluice.upstream;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;

/**
 * Collects a body (a client's request, a provider's answer) up to a limit, into one byte array.
 * When the sender declared its length ({@code Content-Length}, within the limit) the array is
 * made that size up front and each chunk is copied into it once: a 1 MB body arrives in dozens
 * of chunks, and growing a buffer (then copying it out) cost more than parsing it. Without a
 * declared length the array doubles as it fills.
 */
public final class BoundedBody {
  private static final byte[] EMPTY = new byte[0];
  private static final int FIRST_CAPACITY = 16 * 1024;

  private final long limit;
  private byte[] bytes = EMPTY;
  private int length;
  private boolean refused;

  public BoundedBody(long limit) {
    this(limit, -1);
  }

  /** @param declared the length the sender announced, or -1 */
  public BoundedBody(long limit, long declared) {
    this.limit = limit;
    if (declared > 0 && declared <= limit) {
      bytes = new byte[(int) declared];
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
      bytes = null;
      return false;
    }
    if (length + size > bytes.length) {
      long grown = Math.max(length + size, Math.max(FIRST_CAPACITY, 2L * bytes.length));
      bytes = Arrays.copyOf(bytes, (int) Math.min(grown, limit));
    }
    chunk.getBytes(0, size, bytes, length);
    length += size;
    return true;
  }

  public boolean refused() {
    return refused;
  }

  /** The body; the array itself when it is exactly full (as a declared length makes it). */
  public byte[] bytes() {
    return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
  }
}
