package dev.sluice.store;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared ledger in PostgreSQL ({@code sluice_ledger}), written like the embedded one: queued,
 * then inserted in batches by a writer thread, off the event loops ({@link LedgerQueue}). While
 * PostgreSQL refuses writes, batches go to {@code <store.path>/ledger.spool} and are replayed in
 * order when it takes them again, or at the next start.
 *
 * <p>Entry ids must be unique across replicas: each is {@code counter << 8 | tag}, where the
 * counter starts from the time in milliseconds {@code << 13} and only grows, and the tag is this
 * replica's, drawn from a sequence at start (distinct among 256 consecutive starts). A record
 * replayed from the spool keeps its id and counts once.
 */
final class PgLedger implements Ledger {
  private static final Logger LOG = LoggerFactory.getLogger(PgLedger.class);

  /** The advisory lock a replica holds while it deletes a chunk of old records. */
  private static final long PRUNE_LOCK = 7215577018L;

  private final Pool pool;
  private final LedgerQueue queue;

  PgLedger(Pool pool, Path spoolDir, int tag) {
    this.pool = pool;
    try {
      Files.createDirectories(spoolDir);
    } catch (IOException e) {
      throw new LedgerException("store.path: cannot create the spool folder " + spoolDir + ": "
          + e.getMessage(), e);
    }
    LedgerSpool spool = new LedgerSpool(spoolDir.resolve("ledger.spool"));
    Inserts inserts = new Inserts(pool);
    try {
      spool.replay(inserts::insert);
    } catch (IOException | SQLException e) {
      LOG.warn("ledger: could not replay the spool {} at open ({}); it is retried later",
          spool.file(), e.toString());
    }
    this.queue = new LedgerQueue(spool, inserts, 0,
        last -> Math.max((last >>> 8) + 1, System.currentTimeMillis() << 13) << 8 | tag,
        "sluice-ledger-pg");
  }

  /** A batch as one statement: all or none, and its records' sums with it (see PgDaily). */
  private record Inserts(Pool pool) implements BatchInserts {
    @Override
    public void insert(List<LedgerRecord> records) throws SQLException {
      if (records.isEmpty()) {
        return;
      }
      PgStore.awaitSql(pool.preparedQuery(PgSchema.INSERT).execute(PgSchema.batch(records)));
    }

    @Override
    public void close() {
      // the pool belongs to the store
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

  /** What each key, team and project spent from {@code since} on (see {@link LedgerRange}). */
  @Override
  public SpendTotals spendSince(Instant since) {
    RowSet<Row> rows;
    try {
      rows = query(LedgerRange.select(LedgerRange.Dialect.POSTGRES, LedgerRange.SPEND_GROUPS,
          LedgerRange.SPEND_SUMS, SpendTotals.epochMillis(since), Long.MAX_VALUE));
    } catch (IllegalStateException e) {
      throw new LedgerException("ledger: cannot read spend since " + since + ": " + e.getMessage(), e);
    }
    SpendTotals.Builder totals = new SpendTotals.Builder();
    for (Row row : rows) {
      totals.add(row.getString(0), row.getString(1), row.getString(2), PgStore.longOr(row, 3, 0));
    }
    return totals.build();
  }

  /** The {@code /admin/usage} rollup of {@code [from, to)}, null ends open (see {@link LedgerRange}). */
  @Override
  public List<UsageRow> usage(List<String> groupBy, Instant from, Instant to) {
    List<UsageGroup> groups = UsageGroup.parse(groupBy);
    RowSet<Row> rows;
    try {
      rows = query(LedgerRange.select(LedgerRange.Dialect.POSTGRES,
          groups.stream().map(g -> g.column(LedgerRange.Dialect.POSTGRES)).toList(),
          LedgerRange.USAGE_SUMS,
          from == null ? Long.MIN_VALUE : SpendTotals.epochMillis(from),
          to == null ? Long.MAX_VALUE : SpendTotals.epochMillis(to)));
    } catch (IllegalStateException e) {
      throw new LedgerException("ledger: cannot read usage: " + e.getMessage(), e);
    }
    List<UsageRow> out = new ArrayList<>();
    int n = groups.size();
    for (Row row : rows) {
      List<String> values = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        values.add(row.getString(i));
      }
      out.add(new UsageRow(values, row.getLong(n), row.getLong(n + 1), row.getLong(n + 2),
          row.getLong(n + 3), row.getLong(n + 4)));
    }
    return out;
  }

  /**
   * {@link SqliteLedger#PRUNE_CHUNK} records a transaction, found through the index on time. One replica at a time: a chunk starts only under a transaction-scoped advisory lock,
   * and a replica that finds it taken stops, leaving the rest to the one holding it.
   */
  @Override
  public long prune(Instant before) {
    long cutoff = SpendTotals.epochMillis(before);
    long deleted = 0;
    try {
      while (true) {
        long n = PgStore.await(pool.withTransaction(c -> c.query(
                "SELECT pg_try_advisory_xact_lock(" + PRUNE_LOCK + ")").execute()
            .compose(locked -> !locked.iterator().next().getBoolean(0)
                ? io.vertx.core.Future.succeededFuture(0L)
                : c.preparedQuery("DELETE FROM sluice_ledger WHERE entry_id IN (SELECT entry_id"
                    + " FROM sluice_ledger WHERE ts < $1 LIMIT " + SqliteLedger.PRUNE_CHUNK + ")")
                    .execute(Tuple.of(cutoff)).map(rows -> (long) rows.rowCount()))));
        if (n == 0) {
          return deleted;
        }
        deleted += n;
      }
    } catch (IllegalStateException e) {
      throw new LedgerException("ledger: cannot delete records before " + before + " ("
          + deleted + " deleted): " + e.getMessage(), e);
    }
  }

  private RowSet<Row> query(LedgerRange.Query query) {
    return PgStore.await(pool.preparedQuery(query.sql())
        .execute(Tuple.from(new ArrayList<Object>(query.parameters()))));
  }

  @Override
  public void close() {
    queue.close();
  }
}
