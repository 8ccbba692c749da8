package dev.sluice.upstream;

import io.vertx.core.Vertx;
import java.util.ArrayList;

/**
 * Checks the deadlines of every request in flight on one event loop, every
 * {@link #RESOLUTION_MS} ms, from one periodic timer. A timer per request — even one, armed and
 * cancelled — cost more than a whole stage in the request-path profile (a map entry and a
 * scheduler queue operation each way); a sweep costs a loop over the requests in flight. The
 * price is resolution: a timeout fires up to {@value #RESOLUTION_MS} ms late.
 */
final class DeadlineSweeper {
  static final long RESOLUTION_MS = 10;

  private final Vertx vertx;
  private final ArrayList<Watchdog> watched = new ArrayList<>();
  private final long timer;

  /** Call on the event loop it serves (a verticle's start): the sweep runs there. */
  DeadlineSweeper(Vertx vertx) {
    this.vertx = vertx;
    this.timer = vertx.setPeriodic(RESOLUTION_MS, id -> sweep());
  }

  void watch(Watchdog watchdog) {
    watched.add(watchdog);
  }

  private void sweep() {
    long now = System.nanoTime();
    for (int i = 0; i < watched.size(); ) {
      if (watched.get(i).check(now)) {
        // Done: swap-remove (order does not matter).
        int last = watched.size() - 1;
        watched.set(i, watched.get(last));
        watched.remove(last);
      } else {
        i++;
      }
    }
  }

  int watching() {
    return watched.size();
  }

  void close() {
    vertx.cancelTimer(timer);
  }
}
