package dev.sluice.route;

import dev.sluice.config.RetryConfig;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * A route's retry budget, shared by every event loop: over the last {@code window}, retries may
 * be at most {@code percent} of the requests plus {@code minPerSecond} for each second of it. In an outage every request
 * fails, and without a budget each would be sent {@code maxAttempts} times, multiplying the load
 * on a backend that is already down; with it the extra load stays near {@code percent}. The
 * shape is Finagle's RetryBudget (percent of requests over a window, plus a floor so that a
 * quiet route can still retry).
 *
 * <p>Counts live in one-second buckets of a ring, so the window slides a second at a time; a
 * request costs one atomic increment. Buckets are reset without a lock, so two loops crossing a
 * second boundary together may lose a count or two: a budget, not a ledger.
 */
public final class RetryBudget {
  private final double ratio;
  private final long minRetries;
  private final int seconds;
  private final LongSupplier nanoClock;
  private final AtomicLongArray bucketSecond; // which second each bucket counts
  private final AtomicLongArray requests;
  private final AtomicLongArray retries;
  private final AtomicLong denied = new AtomicLong();

  public RetryBudget(RetryConfig.Budget config, LongSupplier nanoClock) {
    this.ratio = config.percent().ratio();
    this.seconds = (int) Math.max(1, config.window().toSeconds());
    this.minRetries = (long) config.minPerSecond() * seconds;
    this.nanoClock = nanoClock;
    this.bucketSecond = new AtomicLongArray(seconds);
    this.requests = new AtomicLongArray(seconds);
    this.retries = new AtomicLongArray(seconds);
    for (int i = 0; i < seconds; i++) {
      bucketSecond.set(i, Long.MIN_VALUE);
    }
  }

  public static RetryBudget of(RetryConfig.Budget config) {
    return new RetryBudget(config, System::nanoTime);
  }

  /**
   * A request arrived on the route at {@code nanos} ({@link System#nanoTime()}: the request's
   * start, which the caller already holds, so counting it reads no clock).
   */
  public void requested(long nanos) {
    requests.incrementAndGet(bucket(Math.floorDiv(nanos, 1_000_000_000L)));
  }

  /**
   * Asks for one retry. True (and counted) while the window's retries are under
   * {@code percent × requests + minPerSecond × window}; false means fail over or stop instead.
   */
  public boolean tryRetry() {
    long second = now();
    long sentRequests = 0;
    long sentRetries = 0;
    for (int i = 0; i < seconds; i++) {
      long at = bucketSecond.get(i);
      if (at > second - seconds && at <= second) {
        sentRequests += requests.get(i);
        sentRetries += retries.get(i);
      }
    }
    if (sentRetries >= (long) (ratio * sentRequests) + minRetries) {
      denied.incrementAndGet();
      return false;
    }
    retries.incrementAndGet(bucket(second));
    return true;
  }

  /** Retries refused since the route was loaded. */
  public long denied() {
    return denied.get();
  }

  private long now() {
    return Math.floorDiv(nanoClock.getAsLong(), 1_000_000_000L);
  }

  /** The ring index for {@code second}, cleared first if it still holds an older second. */
  private int bucket(long second) {
    int i = (int) Math.floorMod(second, (long) seconds);
    long held = bucketSecond.get(i);
    if (held != second && bucketSecond.compareAndSet(i, held, second)) {
      requests.set(i, 0);
      retries.set(i, 0);
    }
    return i;
  }
}
