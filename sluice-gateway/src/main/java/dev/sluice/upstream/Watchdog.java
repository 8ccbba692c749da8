package dev.sluice.upstream;

import io.vertx.core.Vertx;

/**
 * Every deadline of one request — the route's total timeout, the current attempt's first byte,
 * and silence between chunks — kept with a single timer. The timer is armed for the nearest
 * deadline and, when it fires early (a chunk came, a new phase began), re-armed for the rest.
 * A fast request costs one timer set and one cancel, where a timer per deadline and per chunk
 * would cost several (each is a map entry and a scheduler queue operation in Vert.x).
 */
final class Watchdog {
  private static final long NONE = Long.MAX_VALUE;

  /** What expired. Called on the event loop. */
  interface Expiry {
    void routeTimeout();

    void firstByteTimeout(long timeoutMillis);

    void idleTimeout(long timeoutMillis);
  }

  private final Vertx vertx;
  private final long routeDeadline;
  private final Expiry expiry;
  private long firstByteTimeout;
  private long firstByteDue = NONE;
  private long idleTimeout = NONE;
  private long lastActivity;
  private long timer = -1;
  private long armedFor = NONE;

  /** @param routeDeadline {@link System#nanoTime()} by which the whole request must be done */
  Watchdog(Vertx vertx, long routeDeadline, Expiry expiry) {
    this.vertx = vertx;
    this.routeDeadline = routeDeadline;
    this.expiry = expiry;
  }

  /** An attempt was sent: its answer's headers are due within {@code timeoutNanos}. */
  void awaitFirstByte(long timeoutNanos) {
    firstByteTimeout = timeoutNanos;
    firstByteDue = System.nanoTime() + timeoutNanos;
    idleTimeout = NONE;
    arm();
  }

  /** The answer's headers came: from now on, silence longer than {@code idleNanos} expires. */
  void answerStarted(long idleNanos) {
    firstByteDue = NONE;
    idleTimeout = idleNanos;
    lastActivity = System.nanoTime(); // deadlines only moved later: the armed timer stays
  }

  /** A chunk arrived. */
  void activity() {
    lastActivity = System.nanoTime();
  }

  /** The attempt is over: only the route's deadline remains. */
  void attemptOver() {
    firstByteDue = NONE;
    idleTimeout = NONE;
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
      armedFor = NONE;
    }
  }

  private long nextDue() {
    long due = Math.min(routeDeadline, firstByteDue);
    return idleTimeout == NONE ? due : Math.min(due, lastActivity + idleTimeout);
  }

  private void arm() {
    long due = nextDue();
    if (timer >= 0 && armedFor <= due) {
      return; // fires early enough; it re-arms itself for the rest
    }
    stop();
    armedFor = due;
    long delayMillis = Math.max(1, (due - System.nanoTime() + 999_999) / 1_000_000);
    timer = vertx.setTimer(delayMillis, id -> fire());
  }

  private void fire() {
    timer = -1;
    armedFor = NONE;
    long now = System.nanoTime();
    if (now >= routeDeadline) {
      expiry.routeTimeout();
    } else if (now >= firstByteDue) {
      firstByteDue = NONE;
      expiry.firstByteTimeout(firstByteTimeout / 1_000_000);
    } else if (idleTimeout != NONE && now - lastActivity >= idleTimeout) {
      long idle = idleTimeout;
      idleTimeout = NONE;
      expiry.idleTimeout(idle / 1_000_000);
    } else {
      arm();
    }
  }
}
