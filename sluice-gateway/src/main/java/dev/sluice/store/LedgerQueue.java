package dev.sluice.store;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side every ledger shares, whatever its database: {@link #append} queues; a writer
 * thread ({@link LedgerWriter}) commits what is queued every {@link #BATCH_INTERVAL} (100 ms), or
 * as soon as {@link #BATCH} records wait, in one transaction per at most {@code BATCH} records;
 * a batch the database refuses is retried, then spooled to a local file and replayed, in order,
 * when the database takes writes again. {@link #close} writes everything.
 *
 * <p>The queue holds {@value #QUEUE_CAPACITY} records. When it is full, {@code append} waits for
 * room rather than drop a record: the writer frees a batch per transaction, or per spool write
 * while the database fails, so the wait is short; it only happens when the database falls that
 * far behind.
 */
final class LedgerQueue {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerQueue.class);

  /** The longest a record waits in memory before its batch is written: the crash-loss bound. */
  static final Duration BATCH_INTERVAL = Duration.ofMillis(100);
  static final long BATCH_INTERVAL_NANOS = BATCH_INTERVAL.toNanos();
  /** Records per transaction; this many waiting wakes the writer before the interval ends. */
  static final int BATCH = 1000;
  static final int QUEUE_CAPACITY = 64 * 1024;
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
  private final LedgerSpool spool;
  private final Thread writer;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicBoolean warnedLate = new AtomicBoolean();
  private volatile boolean closed;
  /** The last entry id given; {@code nextEntryId} makes the next from it. */
  private final AtomicLong lastEntryId;
  private final LongUnaryOperator nextEntryId;

  LedgerQueue(LedgerSpool spool, BatchInserts inserts, long lastEntryId,
      LongUnaryOperator nextEntryId, String threadName) {
    this.spool = spool;
    this.lastEntryId = new AtomicLong(lastEntryId);
    this.nextEntryId = nextEntryId;
    this.writer = Thread.ofPlatform().name(threadName).daemon(true)
        .unstarted(new LedgerWriter(queue, inserts, spool));
    this.writer.start();
  }

  boolean closed() {
    return closed;
  }

  void append(LedgerRecord record) {
    if (record == null) {
      LOG.warn("ledger: append(null) ignored");
      return;
    }
    if (record.entryId() == 0) {
      record = record.withEntryId(lastEntryId.updateAndGet(nextEntryId));
    }
    try {
      if (closed) {
        spoolLate(record);
        return;
      }
      enqueue(record);
      // Raced with close: if the writer's last drain missed it, it is still queued; take it back.
      if (closed && queue.remove(record)) {
        spoolLate(record);
      }
    } catch (RuntimeException e) {
      LOG.error("ledger: could not queue record {}", record.requestId(), e);
    }
  }

  private void enqueue(Object item) {
    if (!queue.offer(item)) {
      boolean interrupted = false;
      while (true) {
        try {
          queue.put(item); // full: wait for the writer's next batch rather than drop a record
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (queue.size() == BATCH) {
      LockSupport.unpark(writer); // a full batch waits: no need to wait for the interval
    }
  }

  /** A record appended after close: straight to the spool, replayed at the next open. */
  private void spoolLate(LedgerRecord record) {
    if (warnedLate.compareAndSet(false, true)) {
      LOG.warn("ledger: records appended after close go to the spool {}, replayed at the next start",
          spool.file());
    }
    try {
      spool.append(List.of(record));
    } catch (IOException e) {
      LOG.error("ledger: LOST 1 record appended after close: the spool {} could not be written ({})",
          spool.file(), e.toString());
    }
  }

  void flush() {
    if (closed) {
      return; // close wrote everything
    }
    LedgerWriter.Barrier barrier = new LedgerWriter.Barrier(new CompletableFuture<>(), false);
    enqueue(barrier);
    LockSupport.unpark(writer);
    await(barrier.done());
  }

  private void await(CompletableFuture<Void> done) {
    while (true) {
      try {
        done.get(1, TimeUnit.SECONDS);
        return;
      } catch (TimeoutException e) {
        if (!writer.isAlive()) {
          return; // closed meanwhile: close spools whatever the writer left
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        return; // barriers are only ever completed normally
      }
    }
  }

  /** Writes everything queued (or spools it), then stops the writer. */
  void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    closed = true;
    enqueue(new LedgerWriter.Barrier(new CompletableFuture<>(), true));
    LockSupport.unpark(writer);
    try {
      writer.join(CLOSE_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) {
      LOG.error("ledger: the writer did not finish within {}; spooling what is still queued", CLOSE_TIMEOUT);
    }
    spoolLeftovers();
  }

  /** What appends racing with close queued after the writer's last drain. */
  private void spoolLeftovers() {
    List<Object> left = new ArrayList<>();
    queue.drainTo(left);
    List<LedgerRecord> records = new ArrayList<>(left.size());
    List<LedgerWriter.Barrier> barriers = new ArrayList<>(0);
    for (Object item : left) {
      if (item instanceof LedgerRecord r) {
        records.add(r);
      } else if (item instanceof LedgerWriter.Barrier b) {
        barriers.add(b);
      }
    }
    try {
      if (!records.isEmpty()) {
        try {
          spool.append(records);
          LOG.warn("ledger: spooled {} records queued during close to {}", records.size(), spool.file());
        } catch (IOException e) {
          LOG.error("ledger: LOST {} records queued during close: the spool {} could not be written ({})",
              records.size(), spool.file(), e.toString());
        }
      }
    } finally {
      barriers.forEach(b -> b.done().complete(null)); // after the records before them are durable
    }
  }
}
