package dev.sluice.store;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's writer thread. It drains the queue every {@link LedgerQueue#BATCH_INTERVAL_NANOS},
 * sooner when {@link LedgerQueue#BATCH} records are waiting, and writes what it took in one
 * transaction of at most that many records; with a backlog it goes on without waiting. A batch
 * the database refuses is retried with backoff, then spooled; once the database takes writes again,
 * the spool is replayed before anything newer, so records reach the database in the order they
 * were appended. A {@link Barrier} in the queue is completed once everything queued before it
 * is in the database or the spool.
 */
final class LedgerWriter implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);
  /** Attempts per batch while the database is healthy, and the waits between them (~350 ms in all). */
  private static final int ATTEMPTS = 4;
  private static final long FIRST_BACKOFF_MILLIS = 50;

  /** Queued by flush and close: completed when everything queued before it is durable. */
  record Barrier(CompletableFuture<Void> done, boolean stop) {}

  private final BlockingQueue<Object> queue;
  private final BatchInserts inserts;
  private final LedgerSpool spool;
  /**
   * After a batch was spooled, the next one gets a single attempt: during an outage every batch
   * would otherwise wait out the whole backoff, and the queue would fill behind it.
   */
  private boolean degraded;
  private long lastIdleReplay = System.nanoTime();

  LedgerWriter(BlockingQueue<Object> queue, BatchInserts inserts, LedgerSpool spool) {
    this.queue = queue;
    this.inserts = inserts;
    this.spool = spool;
  }

  @Override
  public void run() {
    List<Object> drained = new ArrayList<>(LedgerQueue.BATCH);
    List<LedgerRecord> batch = new ArrayList<>(LedgerQueue.BATCH);
    boolean stopping = false;
    try {
      while (true) {
        int taken = queue.drainTo(drained, LedgerQueue.BATCH);
        if (taken == 0 && stopping) {
          return; // everything queued before close, and after it until now, is written
        }
        List<Barrier> reached = new ArrayList<>(0);
        for (Object item : drained) {
          if (item instanceof LedgerRecord r) {
            batch.add(r);
          } else if (item instanceof Barrier b) {
            reached.add(b);
            stopping |= b.stop();
          }
        }
        drained.clear();
        write(batch);
        batch.clear();
        reached.forEach(b -> b.done().complete(null));
        if (taken < LedgerQueue.BATCH && !stopping) {
          // No backlog: wait for the interval, or for an unpark (a full batch, flush, close)
          // rather than being woken per record.
          LockSupport.parkNanos(LedgerQueue.BATCH_INTERVAL_NANOS);
          Thread.interrupted(); // a stray interrupt must not turn the park into a spin
        }
      }
    } finally {
      inserts.close();
    }
  }

  private void write(List<LedgerRecord> batch) {
    if (batch.isEmpty()) {
      // Idle: a spool left by an outage is retried every second, not only with the next batch.
      long now = System.nanoTime();
      if (!spool.isEmpty() && now - lastIdleReplay > 1_000_000_000L) {
        lastIdleReplay = now;
        replaySpool();
      }
      return;
    }
    if (!spool.isEmpty() && !replaySpool()) {
      // Older records wait in the spool: this batch goes behind them, not ahead.
      degraded = true;
      spool(batch, 0, new SQLException("the spool could not be replayed yet"));
      return;
    }
    Exception failure = null;
    int attempts = degraded ? 1 : ATTEMPTS;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        inserts.insert(batch);
        degraded = false;
        return;
      } catch (SQLException | RuntimeException e) {
        failure = e;
        if (attempt < attempts) {
          sleep(FIRST_BACKOFF_MILLIS << (attempt - 1));
        }
      }
    }
    degraded = true;
    spool(batch, attempts, failure);
  }

  private void spool(List<LedgerRecord> batch, int attempts, Exception failure) {
    try {
      spool.append(batch);
      if (attempts == 0) {
        LOG.info("ledger: spooled {} more records behind those waiting in {}", batch.size(),
            spool.file());
        return;
      }
      LOG.warn("ledger: the database refused a batch {} times ({}); spooled {} records to {}, replayed when"
          + " the database takes writes again or at the next start",
          attempts, failure.toString(), batch.size(), spool.file());
    } catch (IOException | RuntimeException e) {
      // Nowhere left to put them: the database and the disk both refuse.
      LOG.error("ledger: LOST {} records: the database refused them ({}) and the spool {} could not be"
          + " written ({})", batch.size(), failure.toString(), spool.file(), e.toString());
    }
  }

  /** True when the spool is empty now. */
  private boolean replaySpool() {
    if (spool.isEmpty()) {
      return true;
    }
    try {
      spool.replay(inserts::insert);
      return true;
    } catch (IOException | SQLException | RuntimeException e) {
      LOG.debug("ledger: could not replay the spool {} yet ({}); it stays for a later attempt",
          spool.file(), e.toString());
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      // nobody should interrupt the writer; a shorter backoff is harmless
    }
  }
}
