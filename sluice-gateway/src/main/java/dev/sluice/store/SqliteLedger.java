package dev.sluice.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded ledger: {@code <store.path>/ledger.db}, SQLite in WAL mode, written through a
 * {@link LedgerQueue}.
 *
 * <p>Durability: {@link #append} queues; a writer thread commits what is queued every
 * {@link #BATCH_INTERVAL} (100 ms), or as soon as {@link LedgerQueue#BATCH} records wait, in one transaction
 * per at most {@code BATCH} records. A commit survives {@code kill -9} (see
 * {@link LedgerSchema#configureWriter} for why {@code synchronous=NORMAL} suffices with WAL), so
 * a crash loses at most the records appended in the last interval, plus the batch being written.
 * A batch SQLite refuses is retried with backoff (4 attempts over ~350 ms), then appended to
 * {@code ledger.spool} (fsynced), which is replayed when SQLite takes writes again and at the next
 * open, before anything else. A graceful {@link #close} writes everything.
 *
 * <p>A full queue makes {@code append} wait rather than drop a record (see {@link LedgerQueue}).
 */
public final class SqliteLedger implements Ledger {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteLedger.class);

  /** The longest a record waits in memory before its batch is written: the crash-loss bound. */
  public static final Duration BATCH_INTERVAL = LedgerQueue.BATCH_INTERVAL;

  /** Records deleted a transaction when pruning: the writer waits at most for one of these. */
  static final int PRUNE_CHUNK = 5_000;

  private final ConnectionFactory connections;
  private final LedgerReader reader;
  private final LedgerQueue queue;

  /** Opens (creating or migrating) the ledger in {@code storeDir} and replays its spool. */
  public static SqliteLedger open(Path storeDir) {
    return new SqliteLedger(storeDir, ConnectionFactory.sqlite(storeDir.resolve("ledger.db")));
  }

  SqliteLedger(Path storeDir, ConnectionFactory connections) {
    this.connections = connections;
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
    LedgerSpool spool = new LedgerSpool(storeDir.resolve("ledger.spool"));
    LedgerInserts inserts = new LedgerInserts(connections);
    replayAtOpen(spool, inserts);
    this.reader = new LedgerReader(connections);
    // Entry ids grow with time, across restarts too (see LedgerSchema.INSERT).
    this.queue = new LedgerQueue(spool, inserts,
        Math.max(reader.maxEntryId(), System.currentTimeMillis() << 20), last -> last + 1,
        "sluice-ledger");
  }

  /** Before any new record, so the spooled ones are counted by spendSince at start-up. */
  private static void replayAtOpen(LedgerSpool spool, LedgerInserts inserts) {
    try {
      spool.replay(inserts::insert);
    } catch (IOException | SQLException e) {
      LOG.warn("ledger: could not replay the spool {} at open ({}); it stays, and is retried after "
          + "the next write that succeeds", spool.file(), e.toString());
    }
  }

  @Override
  public void append(LedgerRecord record) {
    queue.append(record);
  }

  @Override
  public void flush() {
    queue.flush();
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

  /**
   * On a connection of its own, beside the writer (SQLite takes one writer at a time: each side
   * waits for the other's short transaction). The oldest records go first, {@link #PRUNE_CHUNK}
   * a transaction. Only ids below the first of the kept days' are looked at: every record of
   * those days has a larger one (see {@link DailyRollup}).
   */
  @Override
  public long prune(Instant before) {
    requireOpen();
    long cutoff = SpendTotals.epochMillis(before);
    long deleted = 0;
    try (Connection c = connections.open()) {
      LedgerSchema.configureWriter(c);
      try (var delete = c.prepareStatement("DELETE FROM ledger_entries WHERE entry_id IN"
          + " (SELECT entry_id FROM ledger_entries WHERE entry_id <"
          + " (SELECT coalesce(min(first_entry), " + Long.MAX_VALUE + ") FROM ledger_daily"
          + " WHERE day >= ?) AND ts < ? LIMIT " + PRUNE_CHUNK + ")")) {
        delete.setLong(1, Math.floorDiv(cutoff, DailyRollup.DAY_MILLIS));
        delete.setLong(2, cutoff);
        for (int n = delete.executeUpdate(); n > 0; n = delete.executeUpdate()) {
          deleted += n;
        }
      }
    } catch (SQLException e) {
      throw new LedgerException("ledger: cannot delete records before " + before + " ("
          + deleted + " deleted): " + e.getMessage(), e);
    }
    return deleted;
  }

  private void requireOpen() {
    if (queue.closed()) {
      throw new IllegalStateException("ledger: closed (expected: reads before close)");
    }
  }

  @Override
  public void close() {
    queue.close();
    reader.close();
  }
}
