package dev.sluice.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded ledger: {@code <store.path>/ledger.db}, SQLite in WAL mode.
 *
 * <p>Durability: {@link #append} queues; a writer thread commits what is queued every
 * {@link #BATCH_INTERVAL} (100 ms), or as soon as {@link #BATCH} records wait, in one transaction
 * per at most {@code BATCH} records. A commit survives {@code kill -9} (see
 * {@link LedgerSchema#configureWriter} for why {@code synchronous=NORMAL} suffices with WAL), so
 * a crash loses at most the records appended in the last interval, plus the batch being written.
 * A batch SQLite refuses is retried with backoff (4 attempts over ~350 ms), then appended to
 * {@code ledger.spool} (fsynced), which is replayed when SQLite takes writes again and at the next
 * open, before anything else. A graceful {@link #close} writes everything.
 *
 * <p>The queue holds {@value #QUEUE_CAPACITY} records. When it is full, {@code append} waits for
 * room rather than drop a record: the writer frees a batch per transaction, or per spool write
 * while SQLite fails, so the wait is short; it only happens when SQLite falls that far behind.
 */
public final class SqliteLedger implements Ledger {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteLedger.class);

  /** The longest a record waits in memory before its batch is written: the crash-loss bound. */
  public static final Duration BATCH_INTERVAL = Duration.ofMillis(100);
  static final long BATCH_INTERVAL_NANOS = BATCH_INTERVAL.toNanos();
  /** Records per transaction; this many waiting wakes the writer before the interval ends. */
  static final int BATCH = 1000;
  static final int QUEUE_CAPACITY = 64 * 1024;
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
  private final LedgerSpool spool;
  private final LedgerReader reader;
  private final Thread writer;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicBoolean warnedLate = new AtomicBoolean();
  private volatile boolean closed;
  /** The last entry id given: ids grow with time, across restarts too (see LedgerSchema.INSERT). */
  private final java.util.concurrent.atomic.AtomicLong lastEntryId;

  /** Opens (creating or migrating) the ledger in {@code storeDir} and replays its spool. */
  public static SqliteLedger open(Path storeDir) {
    return new SqliteLedger(storeDir, ConnectionFactory.sqlite(storeDir.resolve("ledger.db")));
  }

  SqliteLedger(Path storeDir, ConnectionFactory connections) {
    Path db = storeDir.resolve("ledger.db");
    try {
      Files.createDirectories(storeDir);
      try (Connection c = connections.open()) {
        LedgerSchema.configureWriter(c); // WAL is a property of the file: set once, before readers
        LedgerSchema.migrate(c);
      }
    } catch (IOException | SQLException e) {
      throw new LedgerException("store.path: cannot open the ledger " + db + ": " + e.getMessage(), e);
    }
    this.spool = new LedgerSpool(storeDir.resolve("ledger.spool"));
    LedgerInserts inserts = new LedgerInserts(connections);
    replayAtOpen(inserts);
    this.reader = new LedgerReader(connections);
    this.lastEntryId = new java.util.concurrent.atomic.AtomicLong(
        Math.max(reader.maxEntryId(), System.currentTimeMillis() << 20));
    this.writer = Thread.ofPlatform().name("sluice-ledger").daemon(true)
        .unstarted(new LedgerWriter(queue, inserts, spool));
    this.writer.start();
  }

  /** Before any new record, so the spooled ones are counted by spendSince at start-up. */
  private void replayAtOpen(LedgerInserts inserts) {
    try {
      spool.replay(inserts::insert);
    } catch (IOException | SQLException e) {
      LOG.warn("ledger: could not replay the spool {} at open ({}); it stays, and is retried after "
          + "the next write that succeeds", spool.file(), e.toString());
    }
  }

  @Override
  public void append(LedgerRecord record) {
    if (record == null) {
      LOG.warn("ledger: append(null) ignored");
      return;
    }
    if (record.entryId() == 0) {
      record = record.withEntryId(lastEntryId.incrementAndGet());
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

  @Override
  public void flush() {
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

  @Override
  public SpendTotals spendSince(Instant since) {
    requireOpen();
    try {
      return reader.spendSince(since);
    } catch (SQLException e) {
      throw new LedgerException("ledger: cannot read spend since " + since + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<UsageRow> usage(List<String> groupBy, Instant from, Instant to) {
    List<UsageGroup> groups = UsageGroup.parse(groupBy);
    requireOpen();
    try {
      return reader.usage(groups, from, to);
    } catch (SQLException e) {
      throw new LedgerException("ledger: cannot read usage: " + e.getMessage(), e);
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("ledger: closed (expected: reads before close)");
    }
  }

  @Override
  public void close() {
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
    reader.close();
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
      spoolAll(records);
    } finally {
      barriers.forEach(b -> b.done().complete(null)); // after the records before them are durable
    }
  }

  private void spoolAll(List<LedgerRecord> records) {
    if (!records.isEmpty()) {
      try {
        spool.append(records);
        LOG.warn("ledger: spooled {} records queued during close to {}", records.size(), spool.file());
      } catch (IOException e) {
        LOG.error("ledger: LOST {} records queued during close: the spool {} could not be written ({})",
            records.size(), spool.file(), e.toString());
      }
    }
  }
}
