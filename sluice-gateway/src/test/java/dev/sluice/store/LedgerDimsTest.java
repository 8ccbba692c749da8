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
  void aSchemaTwoFileIsMigratedKeepingEveryFieldOfEveryRecord() throws Exception {
    LedgerRecord answered = new LedgerRecord(T0.toEpochMilli(), "req-1", "alice-laptop", "alice",
        "research", "search", "crawler", "chat", "gpt-4o", "primary", "gpt-4o-2024-08-06", 200, null,
        true, 2, 1_219, 2, 1_152, 1_627_500, false, 48_000, 9_000, 45_000, "gpt", 7);
    LedgerRecord rejected = new LedgerRecord(T0.toEpochMilli() + 1, "req-2", null, null, null, null,
        null, "chat", "gpt-4o", null, null, 401, "invalid_api_key", false, 0, -1, -1, -1, 0, false,
        300, -1, -1, null, 8);
    Files.createDirectories(dir);
    try (Connection c = TestRecords.jdbc(dir)) {
      // The table ledger of schemas 2 and 3, without the rollup schema 3 adds: its migration
      // builds it from these records, and schema 5's the rollup's entry ranges.
      LedgerSchema.migrate(c, 2);
      c.setAutoCommit(false);
      try (var insert = c.prepareStatement("INSERT INTO ledger ("
          + String.join(", ", LedgerSchema.COLUMNS) + ") VALUES ("
          + String.join(", ", java.util.Collections.nCopies(LedgerSchema.COLUMNS.size(), "?")) + ")")) {
        for (LedgerRecord r : List.of(answered, rejected)) {
          Object[] values = TestRecords.columnValues(r);
          for (int i = 0; i < values.length; i++) {
            insert.setObject(i + 1, values[i]);
          }
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

  /**
   * The writer reuses the last record's names, and the rollup its row, while the next record
   * carries the same: a record that differs in any one of them, or in its day, right after
   * another, must still be stored with its own names and summed in its own row.
   */
  @Test
  void aRecordThatDiffersFromTheOneBeforeInOneNameKeepsItsOwnNamesAndRow() throws Exception {
    String[] base = {"k1", "alice", "research", "search", "planner", "chat", "gpt-4o", "openai",
        "gpt-4o-2024-08-06", "gpt"};
    long ts = T0.toEpochMilli();
    List<LedgerRecord> written = new ArrayList<>();
    for (int i = 0; i < base.length; i++) {
      String[] other = base.clone();
      other[i] = base[i] + "-other";
      written.add(named("base-" + i, ts, base));
      written.add(named("other-" + i, ts, other));
    }
    written.add(named("base-again", ts, base));
    written.add(named("next-day", ts + DailyRollup.DAY_MILLIS, base));
    String[] noTeam = base.clone();
    noTeam[2] = null; // stored as '': its own names, the same rollup row as team ''
    written.add(named("no-team", ts, noTeam));
    try (SqliteLedger ledger = SqliteLedger.open(dir)) {
      written.forEach(ledger::append);
      ledger.flush(); // one batch
    }

    assertThat(TestRecords.readAll(dir)).usingRecursiveFieldByFieldElementComparatorIgnoringFields("entryId")
        .containsExactlyElementsOf(written);
    // base, each variant, the record without a team
    assertThat(count("SELECT count(*) FROM ledger_dims")).isEqualTo(12);
    long day = Math.floorDiv(ts, DailyRollup.DAY_MILLIS);
    // 11 records with the base's names, and 5 whose other name is none of the rollup's
    assertThat(count("SELECT requests FROM ledger_daily WHERE day = " + day + " AND key_id = 'k1'"
        + " AND team = 'research' AND project = 'search' AND model = 'gpt-4o' AND backend = 'openai'"))
        .isEqualTo(16);
    assertThat(count("SELECT count(*) FROM ledger_daily")).isEqualTo(1 + 5 + 1 + 1);
    assertThat(count("SELECT requests FROM ledger_daily WHERE team = ''")).isEqualTo(1);
    assertThat(count("SELECT requests FROM ledger_daily WHERE day = " + (day + 1))).isEqualTo(1);
  }

  /** A record with {@code names} in the order of {@link LedgerDims#NAME_COLUMNS}. */
  private static LedgerRecord named(String requestId, long ts, String[] names) {
    return new LedgerRecord(ts, requestId, names[0], names[1], names[2], names[3], names[4],
        names[5], names[6], names[7], names[8], 200, null, false, 1, 10, 5, 0, 100, false, 900,
        -1, 850, names[9]);
  }

  private long count(String sql) throws Exception {
    try (Connection c = TestRecords.jdbc(dir); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
