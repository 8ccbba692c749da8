package dev.sluice.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded ledger's {@code ledger_daily} table: requests, tokens and spend per UTC day, key,
 * team, project, model and backend, added to in the same transaction as the batch of records it
 * sums. It answers what the ledger is asked most and in bulk: the spend since a budget window's
 * start (always a UTC midnight) at start-up, and {@code /admin/usage} over whole days; the entry
 * ids it keeps per day bound the records read for a part of a day (see {@link LedgerRange}). A
 * batch touches a handful of its rows, where an index on the ledger cost a B-tree insert per
 * record (~2 of ~4.7 µs a record in an insert loop; under the bench's load the writer thread went
 * from 3.9 to 3.2 µs a request without it, docs/benchmarks.md).
 *
 * <p>Unknown names are stored as {@code ''} (a key in the primary key of a {@code WITHOUT ROWID}
 * table may not be NULL, and NULLs would never conflict) and read back as NULL with
 * {@code NULLIF}; no real key, team, project, model or backend is named {@code ''}.
 */
final class DailyRollup {
  static final long DAY_MILLIS = 86_400_000L;

  static final String CREATE = """
      CREATE TABLE ledger_daily (
        day                 INTEGER NOT NULL,
        key_id              TEXT    NOT NULL,
        team                TEXT    NOT NULL,
        project             TEXT    NOT NULL,
        model               TEXT    NOT NULL,
        backend             TEXT    NOT NULL,
        requests            INTEGER NOT NULL,
        input_tokens        INTEGER NOT NULL,
        output_tokens       INTEGER NOT NULL,
        cached_input_tokens INTEGER NOT NULL,
        cost_nanos          INTEGER NOT NULL,
        PRIMARY KEY (day, key_id, team, project, model, backend)
      ) WITHOUT ROWID""";

  /** Fills the table from the records already in the ledger (the migration that adds it). */
  static final String BACKFILL = "INSERT INTO ledger_daily SELECT ts / " + DAY_MILLIS + ","
      + " coalesce(key_id, ''), coalesce(team, ''), coalesce(project, ''), coalesce(model, ''),"
      + " coalesce(backend, ''), count(*), coalesce(sum(input_tokens), 0),"
      + " coalesce(sum(output_tokens), 0), coalesce(sum(cached_input_tokens), 0), sum(cost_nanos)"
      + " FROM ledger GROUP BY 1, 2, 3, 4, 5, 6";

  /**
   * Schema 5 keeps, on every row, the first and last entry id of the row's records, so that the
   * records of one day are a range of entry ids, read without scanning the others (see
   * {@link LedgerRange}). A day's records are not all inside the day's ids — a stream is written
   * when it ends, with the id of that moment — so the range is the min and max over the day's
   * rows, never a day's first and next day's first.
   */
  static final List<String> ADD_ENTRY_RANGE = List.of(
      "ALTER TABLE ledger_daily ADD COLUMN first_entry INTEGER",
      "ALTER TABLE ledger_daily ADD COLUMN last_entry INTEGER",
      // Every row of a day gets the day's range: a row's min and max are only ever read as
      // the min and max over its day, so the whole day's is as good as the row's own.
      "UPDATE ledger_daily SET first_entry = r.first_entry, last_entry = r.last_entry FROM"
          + " (SELECT ts / " + DAY_MILLIS + " AS day, min(entry_id) AS first_entry,"
          + " max(entry_id) AS last_entry FROM ledger_entries GROUP BY 1) AS r"
          + " WHERE r.day = ledger_daily.day");

  static final String UPSERT = "INSERT INTO ledger_daily (day, key_id, team, project, model,"
      + " backend, requests, input_tokens, output_tokens, cached_input_tokens, cost_nanos,"
      + " first_entry, last_entry) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      + " ON CONFLICT (day, key_id, team, project, model, backend) DO UPDATE SET"
      + " requests = requests + excluded.requests,"
      + " input_tokens = input_tokens + excluded.input_tokens,"
      + " output_tokens = output_tokens + excluded.output_tokens,"
      + " cached_input_tokens = cached_input_tokens + excluded.cached_input_tokens,"
      + " cost_nanos = cost_nanos + excluded.cost_nanos,"
      + " first_entry = min(first_entry, excluded.first_entry),"
      + " last_entry = max(last_entry, excluded.last_entry)";

  private record Group(long day, String key, String team, String project, String model,
      String backend) {}

  private static final class Sums {
    long requests;
    long inputTokens;
    long outputTokens;
    long cachedInputTokens;
    long costNanos;
    long firstEntry = Long.MAX_VALUE;
    long lastEntry = Long.MIN_VALUE;
  }

  private DailyRollup() {}

  /**
   * Whether a range's end (epoch millis) falls between days, so that whole days of the table
   * answer for it: a UTC midnight, or an open end ({@link Long#MIN_VALUE}, {@link Long#MAX_VALUE}).
   */
  static boolean isDayEdge(long epochMillis) {
    return epochMillis == Long.MIN_VALUE || epochMillis == Long.MAX_VALUE
        || Math.floorMod(epochMillis, DAY_MILLIS) == 0;
  }

  /** The day a range's {@link #isDayEdge day edge} starts; open ends stay open. */
  static long day(long epochMillis) {
    return epochMillis == Long.MIN_VALUE || epochMillis == Long.MAX_VALUE
        ? epochMillis : Math.floorDiv(epochMillis, DAY_MILLIS);
  }

  /**
   * Adds the records the batch inserted ({@code inserted[i] > 0}: a record replayed from the spool
   * that was already stored is skipped, so it is summed once) to their days' rows.
   * {@code dimsIds[i]} is record i's {@code ledger_dims} id: a run of records with the same id
   * and day shares a row, found without building and hashing its key again.
   */
  static void add(PreparedStatement upsert, List<LedgerRecord> records, long[] dimsIds,
      int[] inserted) throws SQLException {
    Map<Group, Sums> groups = new HashMap<>();
    long previousDims = -1; // ids are positive
    long previousDay = 0;
    Sums sums = null;
    for (int i = 0; i < records.size(); i++) {
      if (inserted[i] <= 0) {
        continue;
      }
      LedgerRecord r = records.get(i);
      long day = Math.floorDiv(r.tsEpochMillis(), DAY_MILLIS);
      if (dimsIds[i] != previousDims || day != previousDay) {
        sums = groups.computeIfAbsent(new Group(day, stored(r.keyId()), stored(r.team()),
            stored(r.project()), stored(r.model()), stored(r.backend())), g -> new Sums());
        previousDims = dimsIds[i];
        previousDay = day;
      }
      sums.requests++;
      sums.inputTokens += Math.max(0, r.inputTokens()); // negative: unknown, as NULL in the ledger
      sums.outputTokens += Math.max(0, r.outputTokens());
      sums.cachedInputTokens += Math.max(0, r.cachedInputTokens());
      sums.costNanos += r.costNanos();
      sums.firstEntry = Math.min(sums.firstEntry, r.entryId());
      sums.lastEntry = Math.max(sums.lastEntry, r.entryId());
    }
    for (Map.Entry<Group, Sums> e : groups.entrySet()) {
      Group g = e.getKey();
      Sums s = e.getValue();
      upsert.setLong(1, g.day());
      upsert.setString(2, g.key());
      upsert.setString(3, g.team());
      upsert.setString(4, g.project());
      upsert.setString(5, g.model());
      upsert.setString(6, g.backend());
      upsert.setLong(7, s.requests);
      upsert.setLong(8, s.inputTokens);
      upsert.setLong(9, s.outputTokens);
      upsert.setLong(10, s.cachedInputTokens);
      upsert.setLong(11, s.costNanos);
      upsert.setLong(12, s.firstEntry);
      upsert.setLong(13, s.lastEntry);
      upsert.addBatch();
    }
    if (!groups.isEmpty()) {
      upsert.executeBatch();
    }
  }

  /** A name as the rollup and {@code ledger_dims} store it: '' for unknown (see the class). */
  static String stored(String value) {
    return value == null ? "" : value;
  }
}
