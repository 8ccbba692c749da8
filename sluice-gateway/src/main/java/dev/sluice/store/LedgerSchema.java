package dev.sluice.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
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

  /** Step {@code i} takes a file from version {@code i} to {@code i + 1}. */
  private static final List<List<String>> MIGRATIONS = List.of(List.of(
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
      // Every read is a time range. spendSince reads only these columns, so it never touches
      // the table; rollups find their range here and read the rows.
      "CREATE INDEX ledger_ts ON ledger (ts, key_id, team, project, cost_nanos)"));

  static final int VERSION = MIGRATIONS.size();

  /** Insert-or-ignore on request_id: a record replayed from the spool counts once. */
  static final String INSERT = """
      INSERT OR IGNORE INTO ledger (request_id, ts, key_id, owner, team, project, agent, endpoint,
        model, backend, upstream_model, status, error_code, stream, attempts, input_tokens,
        output_tokens, cached_input_tokens, cost_nanos, unpriced, latency_us, ttft_us,
        upstream_us, route)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

  private LedgerSchema() {}

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
      for (int step = version; step < VERSION; step++) {
        for (String ddl : MIGRATIONS.get(step)) {
          s.execute(ddl);
        }
      }
      s.execute("DELETE FROM schema_version");
      s.execute("INSERT INTO schema_version (version) VALUES (" + VERSION + ")");
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** Binds a record to {@link #INSERT}; negative counts and durations are unknown: NULL. */
  static void bind(PreparedStatement ps, LedgerRecord r) throws SQLException {
    ps.setString(1, r.requestId());
    ps.setLong(2, r.tsEpochMillis());
    ps.setString(3, r.keyId());
    ps.setString(4, r.owner());
    ps.setString(5, r.team());
    ps.setString(6, r.project());
    ps.setString(7, r.agent());
    ps.setString(8, r.endpoint());
    ps.setString(9, r.model());
    ps.setString(10, r.backend());
    ps.setString(11, r.upstreamModel());
    ps.setInt(12, r.status());
    ps.setString(13, r.errorCode());
    ps.setInt(14, r.stream() ? 1 : 0);
    ps.setInt(15, r.attempts());
    known(ps, 16, r.inputTokens());
    known(ps, 17, r.outputTokens());
    known(ps, 18, r.cachedInputTokens());
    ps.setLong(19, r.costNanos());
    ps.setInt(20, r.unpriced() ? 1 : 0);
    known(ps, 21, r.latencyMicros());
    known(ps, 22, r.ttftMicros());
    known(ps, 23, r.upstreamMicros());
    ps.setString(24, r.route());
  }

  private static void known(PreparedStatement ps, int index, long value) throws SQLException {
    if (value < 0) {
      ps.setNull(index, Types.INTEGER);
    } else {
      ps.setLong(index, value);
    }
  }
}
