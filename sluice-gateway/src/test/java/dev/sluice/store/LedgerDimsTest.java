package dev.sluice.store;

import static dev.sluice.store.TestRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema 4 stores a record's names once in {@code ledger_dims}; the view {@code ledger} must
 * still give back every record as it was written, whatever happened to the writer in between.
 */
class LedgerDimsTest {
  @TempDir Path dir;

  static LedgerRecord withAgent(String requestId, long ts, String agent) {
    return new LedgerRecord(ts, requestId, "k1", "alice", "research", "search", agent, "chat",
        "gpt-4o", "openai", "gpt-4o-2024-08-06", 200, null, false, 1, 10, 5, 0, 100, false, 900, -1,
        850, "gpt");
  }

  @Test
  void aSchemaThreeFileIsMigratedKeepingEveryFieldOfEveryRecord() throws Exception {
    LedgerRecord answered = new LedgerRecord(T0.toEpochMilli(), "req-1", "alice-laptop", "alice",
        "research", "search", "crawler", "chat", "gpt-4o", "primary", "gpt-4o-2024-08-06", 200, null,
        true, 2, 1_219, 2, 1_152, 1_627_500, false, 48_000, 9_000, 45_000, "gpt", 7);
    LedgerRecord rejected = new LedgerRecord(T0.toEpochMilli() + 1, "req-2", null, null, null, null,
        null, "chat", "gpt-4o", null, null, 401, "invalid_api_key", false, 0, -1, -1, -1, 0, false,
        300, -1, -1, null, 8);
    Files.createDirectories(dir);
    try (Connection c = TestRecords.jdbc(dir)) {
      LedgerSchema.migrate(c, 3); // the table ledger of schemas 2 and 3
      c.setAutoCommit(false);
      try (var insert = c.prepareStatement("INSERT INTO ledger ("
          + String.join(", ", LedgerSchema.COLUMNS) + ") VALUES ("
          + String.join(", ", java.util.Collections.nCopies(LedgerSchema.COLUMNS.size(), "?")) + ")")) {
        for (LedgerRecord r : List.of(answered, rejected)) {
          bindSchemaThree(insert, r);
          insert.executeUpdate();
        }
      }
      c.commit();
    }

    try (SqliteLedger ledger = SqliteLedger.open(dir)) {
      ledger.append(withAgent("after", T0.toEpochMilli() + 2, "crawler"));
      ledger.flush();
      assertThat(ledger.spendSince(T0).key("alice-laptop")).isEqualTo(1_627_500);
    }

    List<LedgerRecord> all = TestRecords.readAll(dir);
    assertThat(all.subList(0, 2)).containsExactly(answered, rejected); // entry ids kept too
    assertThat(all.get(2)).usingRecursiveComparison().ignoringFields("entryId")
        .isEqualTo(withAgent("after", T0.toEpochMilli() + 2, "crawler"));
    assertThat(all.get(2).entryId()).isGreaterThan(rejected.entryId());
    assertThat(count("SELECT count(*) FROM ledger_dims")).isEqualTo(3);
    assertThat(count("SELECT max(version) FROM schema_version")).isEqualTo(LedgerSchema.VERSION);
  }

  @Test
  void moreCombinationsThanTheWriterRemembersAreEachStoredOnce() throws Exception {
    int agents = LedgerDims.CACHED + 50;
    List<LedgerRecord> written = new ArrayList<>();
    try (SqliteLedger ledger = SqliteLedger.open(dir)) {
      for (int round = 0; round < 2; round++) { // the second round finds most of them forgotten
        for (int i = 0; i < agents; i++) {
          LedgerRecord r = withAgent("r" + round + "-" + i, T0.toEpochMilli() + written.size(),
              "agent-" + i);
          written.add(r);
          ledger.append(r);
        }
        ledger.flush();
      }
    }

    assertThat(TestRecords.readAll(dir)).usingRecursiveFieldByFieldElementComparatorIgnoringFields("entryId")
        .containsExactlyElementsOf(written);
    assertThat(count("SELECT count(*) FROM ledger_dims")).isEqualTo(agents);
  }

  @Test
  void namesFirstSeenInABatchThatRolledBackAreStoredAgainWithTheNextBatch() throws Exception {
    FailingConnections connections = new FailingConnections(dir);
    LedgerRecord lost = withAgent("during-outage", T0.toEpochMilli(), "new-agent");
    LedgerRecord after = withAgent("after-outage", T0.toEpochMilli() + 1, "new-agent");
    try (SqliteLedger ledger = new SqliteLedger(dir, connections)) {
      connections.failing.set(true);
      ledger.append(lost); // its names are added, then rolled back with the batch: spooled
      ledger.flush();
      connections.failing.set(false);
      ledger.append(after);
      ledger.flush();
    }

    // Were the rolled-back id remembered, the record would point at no names, and the view,
    // a join, would not show it.
    assertThat(TestRecords.readAll(dir)).usingRecursiveFieldByFieldElementComparatorIgnoringFields("entryId")
        .containsExactlyInAnyOrder(lost, after);
    assertThat(count("SELECT count(*) FROM ledger_dims")).isEqualTo(1);
  }

  private long count(String sql) throws Exception {
    try (Connection c = TestRecords.jdbc(dir); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** A record into schema 3's table, as that version's writer bound it. */
  private static void bindSchemaThree(java.sql.PreparedStatement ps, LedgerRecord r)
      throws java.sql.SQLException {
    Object[] values = {r.entryId(), r.requestId(), r.tsEpochMillis(), r.keyId(), r.owner(),
        r.team(), r.project(), r.agent(), r.endpoint(), r.model(), r.backend(), r.upstreamModel(),
        r.status(), r.errorCode(), r.stream() ? 1 : 0, r.attempts(), known(r.inputTokens()),
        known(r.outputTokens()), known(r.cachedInputTokens()), r.costNanos(),
        r.unpriced() ? 1 : 0, known(r.latencyMicros()), known(r.ttftMicros()),
        known(r.upstreamMicros()), r.route()};
    for (int i = 0; i < values.length; i++) {
      ps.setObject(i + 1, values[i]);
    }
  }

  private static Long known(long value) {
    return value < 0 ? null : value;
  }
}
