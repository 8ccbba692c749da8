package dev.sluice.upstream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one backend is doing, across every event loop: attempts in flight, and the recent error
 * rate and latency as exponentially weighted averages over about the last 50 attempts (an
 * average cheap enough for the request path: a few atomic updates per attempt).
 */
public final class BackendStats {
  /** Weight of the newest attempt: ~50 attempts of memory. */
  private static final double ALPHA = 0.04;

  /** How an attempt ended, for the averages: a cancelled one says nothing about the backend. */
  enum Outcome { SUCCESS, FAILURE, CANCELLED }

  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong shed = new AtomicLong();
  private final AtomicLong attempts = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  // Averages are read rarely and written under contention: last-writer-wins is fine for a gauge.
  private volatile double errorRate;
  private volatile double latencyMillis;

  /**
   * Counts one more attempt in flight unless {@code maxConcurrent} are already out: over the
   * limit the attempt is shed (the caller tries the next target) rather than queued, so an
   * overloaded backend never builds an unbounded queue in front of it.
   */
  boolean tryStart(int maxConcurrent) {
    if (inFlight.incrementAndGet() > maxConcurrent) {
      inFlight.decrementAndGet();
      shed.incrementAndGet();
      return false;
    }
    return true;
  }

  void finished(Outcome outcome, long nanos) {
    inFlight.decrementAndGet();
    if (outcome == Outcome.CANCELLED) {
      return;
    }
    long n = attempts.incrementAndGet();
    boolean failed = outcome == Outcome.FAILURE;
    if (failed) {
      failures.incrementAndGet();
    }
    double alpha = n < 1 / ALPHA ? 1.0 / n : ALPHA; // a plain mean until the window fills
    errorRate += alpha * ((failed ? 1 : 0) - errorRate);
    latencyMillis += alpha * (nanos / 1e6 - latencyMillis);
  }

  public long inFlight() {
    return inFlight.get();
  }

  /** Attempts turned away because {@code maxConcurrent} were in flight. */
  public long shed() {
    return shed.get();
  }

  public long attempts() {
    return attempts.get();
  }

  public long failures() {
    return failures.get();
  }

  public double recentErrorRate() {
    return errorRate;
  }

  public double recentLatencyMillis() {
    return latencyMillis;
  }
}
