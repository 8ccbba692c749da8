package dev.sluice.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's tables, their migrations, connection settings, and how a record becomes a row.
 *
 * <p>{@code schema_version} holds one row, the version the file is at; {@link #migrate} applies
 * the steps above it in one transaction, so a file is never left half-migrated.
 */
final class LedgerSchema {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerSchema.class);

  /**
   * The ledger's columns, in order: the view {@code ledger}'s, and PostgreSQL's table's. Declared
   * before MIGRATIONS, whose step 4 makes the view from them.
   */
  static final List<String> COLUMNS = List.of("entry_id", "request_id", "ts", "key_id", "owner",
      "team", "project", "agent", "endpoint", "model", "backend", "upstream_model", "status",
      "error_code", "stream", "attempts", "input_tokens", "output_tokens", "cached_input_tokens",
      "cost_nanos", "unpriced", "latency_us", "ttft_us", "upstream_us", "route");

  /** Step {@code i} takes a file from version {@code i} to {@code i + 1}. */
  private static final List<List<String>> MIGRATIONS = List.of(
      List.of(
          """
          CREATE TABLE ledger (
            request_id          TEXT    NOT NULL UNIQUE,
            ts                  INTEGER NOT NULL,
            key_id              TEXT,
            owner               TEXT,
            team                TEXT,
            project             TEXT,
            agent               TEXT,
            endpoint            TEXT,
            model               TEXT,
            backend             TEXT,
            upstream_model      TEXT,
            status              INTEGER NOT NULL,
            error_code          TEXT,
            stream              INTEGER NOT NULL,
            attempts            INTEGER NOT NULL,
            input_tokens        INTEGER,
            output_tokens       INTEGER,
            cached_input_tokens INTEGER,
            cost_nanos          INTEGER NOT NULL,
            unpriced            INTEGER NOT NULL,
            latency_us          INTEGER,
            ttft_us             INTEGER,
            upstream_us         INTEGER,
            route               TEXT
          )""",
          // Every read is a time range. spendSince read only these columns, so it never touched
          // the table; rollups found their range here and read the rows. (Dropped in step 3.)
          "CREATE INDEX ledger_ts ON ledger (ts, key_id, team, project, cost_nanos)"),
      // 2: keyed by an entry id that grows with time instead of the request id (see INSERT).
      List.of(
          """
          CREATE TABLE ledger_v2 (
            entry_id            INTEGER PRIMARY KEY,
            request_id          TEXT    NOT NULL,
            ts                  INTEGER NOT NULL,
            key_id              TEXT,
            owner               TEXT,
            team                TEXT,
            project             TEXT,
            agent               TEXT,
            endpoint            TEXT,
            model               TEXT,
            backend             TEXT,
            upstream_model      TEXT,
            status              INTEGER NOT NULL,
            error_code          TEXT,
            stream              INTEGER NOT NULL,
            attempts            INTEGER NOT NULL,
            input_tokens        INTEGER,
            output_tokens       INTEGER,
            cached_input_tokens INTEGER,
            cost_nanos          INTEGER NOT NULL,
            unpriced            INTEGER NOT NULL,
            latency_us          INTEGER,
            ttft_us             INTEGER,
            upstream_us         INTEGER,
            route               TEXT
          )""",
          "INSERT INTO ledger_v2 (entry_id, request_id, ts, key_id, owner, team, project, agent, endpoint, model, backend, upstream_model, status, error_code, stream, attempts, input_tokens, output_tokens, cached_input_tokens, cost_nanos, unpriced, latency_us, ttft_us, upstream_us, route) SELECT rowid, request_id, ts, key_id, owner, team, project, agent, endpoint, model, backend, upstream_model, status, error_code, stream, attempts, input_tokens, output_tokens, cached_input_tokens, cost_nanos, unpriced, latency_us, ttft_us, upstream_us, route FROM ledger",
          "DROP TABLE ledger",
          "ALTER TABLE ledger_v2 RENAME TO ledger",
          "CREATE INDEX ledger_ts ON ledger (ts, key_id, team, project, cost_nanos)"),
      // 3: the time-range reads move to a daily rollup written per batch (see DailyRollup); the
      // index they used cost a B-tree insert per record, on the writer's hot path.
      List.of(DailyRollup.CREATE, DailyRollup.BACKFILL, "DROP INDEX ledger_ts"),
      // 4: the names a record repeats from its predecessors stored once (see LedgerDims), the
      // records in ledger_entries, and ledger a view with the columns the table had.
      List.of(LedgerDims.CREATE, LedgerDims.CREATE_ENTRIES, LedgerDims.BACKFILL,
          LedgerDims.BACKFILL_ENTRIES, "DROP TABLE ledger", view()),
      // 5: each day's rows in ledger_daily keep the entry ids of the day's records, so that a
      // range ending inside a day reads that day's records and no others (see LedgerRange).
      DailyRollup.ADD_ENTRY_RANGE);

  static final int VERSION = MIGRATIONS.size();


  /**
   * Insert-or-ignore on the entry id: a record replayed from the spool counts once. The entry id,
   * not the request id, is the key: request ids may come from clients and repeat, and a key that
   * grows with time appends to the end of the table's B-tree, where a random text key (a request
   * id) scatters writes across a growing file — measured at ~20 µs a record on one core.
   * (Binding a whole batch as one JSON array unpacked by {@code json_each} was tried, to save the
   * driver's per-value JNI calls: it was slower, SQLite parsing the JSON again for each column.)
   */
  static final String INSERT = "INSERT OR IGNORE INTO ledger_entries (entry_id, request_id, ts,"
      + " dims, status, error_code, stream, attempts, input_tokens, output_tokens,"
      + " cached_input_tokens, cost_nanos, unpriced, latency_us, ttft_us, upstream_us)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private LedgerSchema() {}

  /**
   * Schema 4's view {@code ledger}: one row a request in the columns and order of the table it
   * replaced ({@link #COLUMNS}), its names from {@code ledger_dims} ('' read back as NULL).
   */
  private static String view() {
    return "CREATE VIEW ledger AS SELECT " + COLUMNS.stream()
        .map(c -> LedgerDims.NAME_COLUMNS.contains(c) ? "NULLIF(d." + c + ", '') AS " + c : "e." + c)
        .collect(Collectors.joining(", "))
        + " FROM ledger_entries e JOIN ledger_dims d ON d.id = e.dims";
  }

  /**
   * Settings of the writer's connection. WAL lets readers run beside the writer. With WAL,
   * {@code synchronous=NORMAL} writes each commit to the WAL file without an fsync (the WAL is
   * fsynced at checkpoints): a committed batch survives a crash of the process — the bytes are in
   * the OS — and a power loss can only roll back the last commits, never corrupt the file. FULL
   * would add an fsync per batch for the power-loss case only.
   */
  static void configureWriter(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 5000");
      try (ResultSet mode = s.executeQuery("PRAGMA journal_mode = WAL")) {
        String journal = mode.next() ? mode.getString(1) : "?";
        if (!"wal".equalsIgnoreCase(journal)) {
          LOG.warn("ledger: SQLite kept journal mode {} instead of WAL; readers will wait for writes",
              journal);
        }
      }
      s.execute("PRAGMA synchronous = NORMAL");
    }
  }

  /** Settings of a reading connection: it may never write. */
  static void configureReader(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 5000");
      s.execute("PRAGMA query_only = ON");
    }
  }

  static void migrate(Connection c) throws SQLException {
    migrate(c, VERSION);
  }

  /** Migrates to {@code target} (tests make files of earlier versions with it). */
  static void migrate(Connection c, int target) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      int version;
      try (ResultSet rs = s.executeQuery("SELECT max(version) FROM schema_version")) {
        version = rs.next() ? rs.getInt(1) : 0; // max of no rows is NULL, read as 0
      }
      if (version > VERSION) {
        throw new SQLException("ledger.db is at schema version " + version
            + ", newer than this Sluice understands (" + VERSION + "): run a newer Sluice");
      }
      if (version > 0 && version < target) {
        // Step 3 sums every record once into ledger_daily (~2 s a million records, measured
        // here); step 4 copies every record once (~2.3 s a million; the file grows, 110 to 161
        // MB a million, and new records reuse the pages the old table freed); step 5 reads every
        // record's time and entry id once (~0.35 s a million).
        LOG.info("ledger: migrating from schema version {} to {}; a large ledger takes a while, once",
            version, target);
      }
      for (int step = version; step < target; step++) {
        for (String ddl : MIGRATIONS.get(step)) {
          s.execute(ddl);
        }
      }
      s.execute("DELETE FROM schema_version");
      s.execute("INSERT INTO schema_version (version) VALUES (" + Math.max(version, target) + ")");
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /**
   * Binds a record to {@link #INSERT}, with the id of its names in {@code ledger_dims}; negative
   * counts and durations are unknown: NULL.
   */
  static void bind(PreparedStatement ps, LedgerRecord r, long dims) throws SQLException {
    ps.setLong(1, r.entryId());
    ps.setString(2, r.requestId());
    ps.setLong(3, r.tsEpochMillis());
    ps.setLong(4, dims);
    ps.setInt(5, r.status());
    ps.setString(6, r.errorCode());
    ps.setInt(7, r.stream() ? 1 : 0);
    ps.setInt(8, r.attempts());
    known(ps, 9, r.inputTokens());
    known(ps, 10, r.outputTokens());
    known(ps, 11, r.cachedInputTokens());
    ps.setLong(12, r.costNanos());
    ps.setInt(13, r.unpriced() ? 1 : 0);
    known(ps, 14, r.latencyMicros());
    known(ps, 15, r.ttftMicros());
    known(ps, 16, r.upstreamMicros());
  }

  private static void known(PreparedStatement ps, int index, long value) throws SQLException {
    if (value < 0) {
      ps.setNull(index, Types.INTEGER);
    } else {
      ps.setLong(index, value);
    }
  }
}
