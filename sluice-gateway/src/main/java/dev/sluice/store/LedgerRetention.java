package dev.sluice.store;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code store.retention}: the ledger keeps each request's record that long, in whole UTC days,
 * and then deletes it; the daily rollup keeps the days' sums, so budgets and {@code
 * /admin/usage} over whole days still count them. Run at start and every {@link #EVERY}, off the
 * event loops, through a {@link Schedule}.
 */
public final class LedgerRetention {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerRetention.class);
  public static final Duration EVERY = Duration.ofHours(1);

  private LedgerRetention() {}

  /**
   * The first instant kept: the UTC midnight that starts the day {@code retention} ago, so a
   * day is kept whole or not at all.
   */
  public static Instant keptFrom(Instant now, Duration retention) {
    return Instant.ofEpochMilli(LedgerRange.floorToDay(now.minus(retention).toEpochMilli()));
  }

  /** Deletes what {@code retention} no longer keeps; logs what it did, never throws. */
  public static long run(Ledger ledger, Duration retention, Instant now) {
    Instant keptFrom = keptFrom(now, retention);
    try {
      long deleted = ledger.prune(keptFrom);
      if (deleted > 0) {
        LOG.info("ledger: deleted {} records of requests before {} (store.retention {})", deleted,
            keptFrom, retention);
      }
      return deleted;
    } catch (RuntimeException e) {
      LOG.warn("ledger: could not delete records before {} ({}); tried again in {}", keptFrom,
          e.getMessage(), EVERY);
      return 0;
    }
  }

  /**
   * One ledger's retention runs, never two at once: a run that finds the one before it still
   * deleting (a first run over a large backlog, ~0.7 µs a record on the embedded store, can
   * outlast the hour) is skipped, instead of deleting the same rows in turns beside it.
   */
  public static final class Schedule {
    private final Ledger ledger;
    private final Duration retention;
    private final AtomicBoolean running = new AtomicBoolean();

    public Schedule(Ledger ledger, Duration retention) {
      this.ledger = ledger;
      this.retention = retention;
    }

    /** Runs now, blocking, unless a run is still going; false when skipped. */
    public boolean runNow(Instant now) {
      if (!running.compareAndSet(false, true)) {
        LOG.info("ledger: the last retention run is still deleting; this one is skipped");
        return false;
      }
      try {
        run(ledger, retention, now);
        return true;
      } finally {
        running.set(false);
      }
    }
  }
}
