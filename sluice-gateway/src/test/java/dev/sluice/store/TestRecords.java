package dev.sluice.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Records to append, and the ledger file read back with plain JDBC, independent of the reader. */
final class TestRecords {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private TestRecords() {}

  /** A priced, answered request with the fields rollups group by. */
  static LedgerRecord usage(String id, Instant ts, String key, String team, String project, String model,
      String backend, long input, long output, long cached, long costNanos) {
    return new LedgerRecord(ts.toEpochMilli(), id, key, "owner-of-" + key, team, project, "agent-1",
        "chat", model, backend, model + "-upstream", 200, null, false, 1, input, output, cached,
        costNanos, false, 1_500, -1, 1_200, "route-" + model);
  }

  /** The UTC midnight that starts the day of {@code t}. */
  static Instant midnightOf(Instant t) {
    return t.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
  }

  static LedgerRecord simple(String id, long tsMillis) {
    return usage(id, Instant.ofEpochMilli(tsMillis), "k1", "research", "search", "gpt-4o", "openai",
        10, 5, 0, 100);
  }

  /**
   * A record's values in {@link LedgerSchema#COLUMNS}' order, unknown counts and durations as
   * NULL: a row as the writers of the one-table schemas bound it (SQLite's 2 and 3, PostgreSQL's 1).
   */
  static Object[] columnValues(LedgerRecord r) {
    return new Object[] {r.entryId(), r.requestId(), r.tsEpochMillis(), r.keyId(), r.owner(),
        r.team(), r.project(), r.agent(), r.endpoint(), r.model(), r.backend(), r.upstreamModel(),
        r.status(), r.errorCode(), r.stream(), r.attempts(), known(r.inputTokens()),
        known(r.outputTokens()), known(r.cachedInputTokens()), r.costNanos(), r.unpriced(),
        known(r.latencyMicros()), known(r.ttftMicros()), known(r.upstreamMicros()), r.route()};
  }

  private static Long known(long value) {
    return value < 0 ? null : value;
  }

  static Connection jdbc(Path dir) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.db").toAbsolutePath());
  }

  /** Every row of the ledger, in insertion order, NULL counts read back as -1. */
  static List<LedgerRecord> readAll(Path dir) throws SQLException {
    List<LedgerRecord> all = new ArrayList<>();
    try (Connection c = jdbc(dir); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM ledger ORDER BY entry_id")) {
      while (rs.next()) {
        all.add(new LedgerRecord(rs.getLong("ts"), rs.getString("request_id"), rs.getString("key_id"),
            rs.getString("owner"), rs.getString("team"), rs.getString("project"), rs.getString("agent"),
            rs.getString("endpoint"), rs.getString("model"), rs.getString("backend"),
            rs.getString("upstream_model"), rs.getInt("status"), rs.getString("error_code"),
            rs.getInt("stream") == 1, rs.getInt("attempts"), orUnknown(rs, "input_tokens"),
            orUnknown(rs, "output_tokens"), orUnknown(rs, "cached_input_tokens"), rs.getLong("cost_nanos"),
            rs.getInt("unpriced") == 1, orUnknown(rs, "latency_us"), orUnknown(rs, "ttft_us"),
            orUnknown(rs, "upstream_us"), rs.getString("route"), rs.getLong("entry_id")));
      }
    }
    return all;
  }

  private static long orUnknown(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? -1 : value;
  }
}
