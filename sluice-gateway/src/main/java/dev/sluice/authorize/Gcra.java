package dev.sluice.authorize;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One rate limit — {@code limit} units (requests or tokens) per {@code period} — as the Generic
 * Cell Rate Algorithm: a token bucket of {@code limit} units refilled continuously, kept as a
 * single number, the theoretical arrival time (TAT). Taking {@code n} units moves the TAT
 * {@code n × period / limit} later; a request fits when the TAT it would leave lies at most one
 * period ahead of now. Lock-free (one compare-and-set), O(1) memory, and exact at any rate; the
 * same arithmetic runs as one Lua script in Redis for shared limits.
 *
 * <p>Units can be given back and charged after the fact ({@link #adjust}): token limits reserve
 * an estimate at admission and settle to the real count when the answer is in. A request that
 * used more than it reserved pushes the TAT past the burst, so the next requests wait: the
 * overshoot is repaid, never forgiven.
 *
 * <p>Times are nanoseconds from an injected clock, so tests drive time by hand.
 */
public final class Gcra {
  private final long limit;
  private final long periodNanos;
  private final double nanosPerUnit;
  private final AtomicLong tat;

  public Gcra(long limit, long periodNanos, long nowNanos) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
    }
    if (periodNanos <= 0) {
      throw new IllegalArgumentException("period: " + periodNanos + "ns (expected: > 0)");
    }
    this.limit = limit;
    this.periodNanos = periodNanos;
    this.nanosPerUnit = (double) periodNanos / limit;
    this.tat = new AtomicLong(nowNanos); // a full bucket
  }

  public long limit() {
    return limit;
  }

  /**
   * Takes {@code units} if they fit. Returns 0 when taken, else how many nanoseconds until they
   * would (for {@code Retry-After}); {@link Long#MAX_VALUE} when they never can (more than the
   * whole limit).
   */
  public long tryTake(long units, long nowNanos) {
    if (units > limit) {
      return Long.MAX_VALUE;
    }
    long cost = cost(units);
    while (true) {
      long current = tat.get();
      long next = Math.max(current, nowNanos) + cost;
      long wait = next - nowNanos - periodNanos;
      if (wait > 0) {
        return wait;
      }
      if (tat.compareAndSet(current, next)) {
        return 0;
      }
    }
  }

  /**
   * Charges ({@code units > 0}) or refunds ({@code units < 0}) units after the fact, without a
   * check: settlement of a reservation. A refund never leaves more than a full bucket.
   */
  public void adjust(long units, long nowNanos) {
    if (units == 0) {
      return;
    }
    long delta = units > 0 ? cost(units) : -cost(-units);
    // A charge starts from now if the bucket had refilled; a refund just moves the TAT back
    // (below now it changes nothing: tryTake starts from max(TAT, now), a full bucket).
    tat.getAndUpdate(current -> (delta > 0 ? Math.max(current, nowNanos) : current) + delta);
  }

  /** Units that can be taken now (0 when in debt). */
  public long remaining(long nowNanos) {
    long ahead = Math.max(0, tat.get() - nowNanos);
    return Math.max(0, (long) ((periodNanos - ahead) / nanosPerUnit));
  }

  /** Nanoseconds until the bucket is full again. */
  public long nanosUntilFull(long nowNanos) {
    return Math.max(0, tat.get() - nowNanos);
  }

  private long cost(long units) {
    return (long) Math.ceil(units * nanosPerUnit);
  }
}
