package dev.sluice.upstream;

/**
 * Every deadline of one request — the route's total timeout, the current attempt's first byte,
 * and silence between chunks — as plain fields, checked by the event loop's
 * {@link DeadlineSweeper}. Setting a deadline is a field write: no timer per request.
 */
final class Watchdog {
  private static final long NONE = Long.MAX_VALUE;

  /** What expired. Called on the event loop. */
  interface Expiry {
    void routeTimeout();

    void firstByteTimeout(long timeoutMillis);

    void idleTimeout(long timeoutMillis);
  }

  private final long routeDeadline;
  private final Expiry expiry;
  private long firstByteTimeout;
  private long firstByteDue = NONE;
  private long idleTimeout = NONE;
  private long lastActivity;
  private boolean held; // reading is paused for a slow client: silence is ours, not the provider's
  private boolean stopped;

  /** @param routeDeadline {@link System#nanoTime()} by which the whole request must be done */
  Watchdog(DeadlineSweeper sweeper, long routeDeadline, Expiry expiry) {
    this.routeDeadline = routeDeadline;
    this.expiry = expiry;
    sweeper.watch(this);
  }

  /** An attempt was sent: its answer's headers are due within {@code timeoutNanos}. */
  void awaitFirstByte(long timeoutNanos) {
    firstByteTimeout = timeoutNanos;
    firstByteDue = System.nanoTime() + timeoutNanos;
    idleTimeout = NONE;
  }

  /** The answer's headers came: from now on, silence longer than {@code idleNanos} expires. */
  void answerStarted(long idleNanos) {
    firstByteDue = NONE;
    idleTimeout = idleNanos;
    lastActivity = System.nanoTime();
  }

  /** A chunk arrived, or reading resumed after a pause. */
  void activity() {
    lastActivity = System.nanoTime();
    held = false;
  }

  /**
   * Reading from the provider is paused until the client catches up: until the next
   * {@link #activity()}, silence is not the provider's and does not expire (the route's deadline
   * still does).
   */
  void hold() {
    held = true;
  }

  /** The attempt is over: only the route's deadline remains. */
  void attemptOver() {
    firstByteDue = NONE;
    idleTimeout = NONE;
  }

  /** The request is over: nothing expires any more. */
  void stop() {
    stopped = true;
  }

  /** Fires what has expired by {@code now}; true once the watchdog has nothing left to watch. */
  boolean check(long now) {
    if (stopped) {
      return true;
    }
    if (now >= routeDeadline) {
      stopped = true;
      expiry.routeTimeout();
    } else if (now >= firstByteDue) {
      firstByteDue = NONE;
      expiry.firstByteTimeout(firstByteTimeout / 1_000_000);
    } else if (idleTimeout != NONE && !held && now - lastActivity >= idleTimeout) {
      long idle = idleTimeout;
      idleTimeout = NONE;
      expiry.idleTimeout(idle / 1_000_000);
    }
    return stopped;
  }
}
