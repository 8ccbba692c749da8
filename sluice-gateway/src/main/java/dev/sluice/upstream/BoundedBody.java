package dev.sluice.upstream;

import io.vertx.core.buffer.Buffer;

/**
 * Collects a body (a client's request, a provider's answer) up to a limit. A body that arrives
 * in one chunk (the usual case) is copied out once; only a body in several chunks is
 * accumulated, in one growing buffer.
 */
public final class BoundedBody {
  private static final byte[] EMPTY = new byte[0];

  private final long limit;
  private Buffer first;
  private Buffer accumulated;
  private long length;
  private boolean refused;

  public BoundedBody(long limit) {
    this.limit = limit;
  }

  /** Adds a chunk; false (once) when the body has gone over the limit. */
  public boolean add(Buffer chunk) {
    if (refused) {
      return true; // already answered; the rest is ignored
    }
    length += chunk.length();
    if (length > limit) {
      refused = true;
      first = null;
      accumulated = null;
      return false;
    }
    if (first == null && accumulated == null) {
      first = chunk;
    } else {
      if (accumulated == null) {
        accumulated = Buffer.buffer((int) Math.min(limit, 2L * length)).appendBuffer(first);
        first = null;
      }
      accumulated.appendBuffer(chunk);
    }
    return true;
  }

  public boolean refused() {
    return refused;
  }

  public byte[] bytes() {
    if (first != null) {
      return first.getBytes();
    }
    return accumulated == null ? EMPTY : accumulated.getBytes();
  }
}
