package dev.sluice.store;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code store.retention}: the ledger keeps each request's record that long, in whole UTC days,
 * and then deletes it; the daily rollup keeps the days' sums, so budgets and {@code
 * /admin/usage} over whole days still count them. Run at start and every {@link #EVERY}, off the
 * event loops.
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
}
