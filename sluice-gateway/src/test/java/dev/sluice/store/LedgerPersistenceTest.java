package dev.sluice.store;

import static dev.sluice.store.TestRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerPersistenceTest {
  @TempDir Path dir;

  @Test
  void recordsSurviveCloseAndReopenFieldForField() throws Exception {
    LedgerRecord answered = new LedgerRecord(T0.toEpochMilli(), "req-1", "alice-laptop", "alice",
        "research", "search", "crawler", "chat", "gpt-4o", "primary", "gpt-4o-2024-08-06", 200, null,
        true, 2, 1_219, 2, 1_152, 1_627_500, false, 48_000, 9_000, 45_000, "gpt");
    LedgerRecord rejected = new LedgerRecord(T0.toEpochMilli() + 1, "req-2", null, null, null, null,
        null, "chat", "gpt-4o", null, null, 401, "invalid_api_key", false, 0, -1, -1, -1, 0, false,
        300, -1, -1, null);
    LedgerRecord unpriced = new LedgerRecord(T0.toEpochMilli() + 2, "req-3", "bob", "bob", "ops",
        "infra", null, "embeddings", "llama3.1", "local", "llama3.1", 200, null, false, 1, 12, 0, 0, 0,
        true, 900, -1, 850, "local");

    try (SqliteLedger ledger = SqliteLedger.open(dir)) {
      ledger.append(answered);
      ledger.append(rejected);
      ledger.append(unpriced);
    }

    assertThat(TestRecords.readAll(dir)).usingRecursiveFieldByFieldElementComparatorIgnoringFields("entryId")
        .containsExactly(answered, rejected, unpriced);
    try (SqliteLedger reopened = SqliteLedger.open(dir)) {
      assertThat(reopened.usage(List.of(), null, null))
          .containsExactly(new UsageRow(List.of(), 3, 1_231, 2, 1_152, 1_627_500));
    }
  }

  @Test
  void flushMakesAppendedRecordsVisibleToReadsWhileOpen() {
    try (SqliteLedger ledger = SqliteLedger.open(dir)) {
      for (int i = 0; i < 2_500; i++) {
        ledger.append(TestRecords.simple("r" + i, T0.toEpochMilli() + i));
      }
      ledger.flush();

      assertThat(ledger.usage(List.of(), null, null).getFirst().requests()).isEqualTo(2_500);
    }
  }

  @Test
  void aVersionOneFileIsMigratedKeepingItsRecords() throws Exception {
    java.nio.file.Files.createDirectories(dir);
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.db"));
        java.sql.Statement s = c.createStatement()) {
      s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
      s.execute("INSERT INTO schema_version VALUES (1)");
      s.execute("CREATE TABLE ledger (request_id TEXT NOT NULL UNIQUE, ts INTEGER NOT NULL, key_id TEXT,"
          + " owner TEXT, team TEXT, project TEXT, agent TEXT, endpoint TEXT, model TEXT, backend TEXT,"
          + " upstream_model TEXT, status INTEGER NOT NULL, error_code TEXT, stream INTEGER NOT NULL,"
          + " attempts INTEGER NOT NULL, input_tokens INTEGER, output_tokens INTEGER,"
          + " cached_input_tokens INTEGER, cost_nanos INTEGER NOT NULL, unpriced INTEGER NOT NULL,"
          + " latency_us INTEGER, ttft_us INTEGER, upstream_us INTEGER, route TEXT)");
      s.execute("INSERT INTO ledger (request_id, ts, key_id, team, status, stream, attempts, cost_nanos,"
          + " unpriced) VALUES ('old-1', " + T0.toEpochMilli() + ", 'k', 't', 200, 0, 1, 700, 0)");
    }

    try (SqliteLedger ledger = SqliteLedger.open(dir)) {
      ledger.append(TestRecords.simple("new-1", T0.toEpochMilli()));
      ledger.flush();

      assertThat(ledger.spendSince(T0).key("k")).isEqualTo(700);
      // From the daily rollup, which the migration filled with the old record.
      assertThat(ledger.spendSince(TestRecords.midnightOf(T0)).key("k")).isEqualTo(700);
      assertThat(ledger.usage(List.of(), null, null).getFirst().requests()).isEqualTo(2);
      assertThat(ledger.usage(List.of("key"), TestRecords.midnightOf(T0), null))
          .extracting(UsageRow::group, UsageRow::requests)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(List.of("k"), 1L),
              org.assertj.core.groups.Tuple.tuple(List.of("k1"), 1L));
    }
  }

  @Test
  void twoRequestsWithTheSameClientRequestIdAreBothRecorded() throws Exception {
    // Request ids may come from clients (x-request-id), who can reuse them: both are billed.
    try (SqliteLedger ledger = SqliteLedger.open(dir)) {
      ledger.append(TestRecords.simple("req-1", T0.toEpochMilli()));
      ledger.append(TestRecords.simple("req-1", T0.toEpochMilli()));
    }
    try (SqliteLedger ledger = SqliteLedger.open(dir)) {
      ledger.append(TestRecords.simple("req-1", T0.toEpochMilli()));
      ledger.flush();

      assertThat(ledger.usage(List.of(), null, null))
          .containsExactly(new UsageRow(List.of(), 3, 30, 15, 0, 300));
    }
    List<LedgerRecord> stored = TestRecords.readAll(dir);
    assertThat(stored).extracting(LedgerRecord::entryId).doesNotHaveDuplicates()
        .isSorted(); // ids grow, across the restart too
  }

  @Test
  void opensTheFileInWalModeAtTheCurrentSchemaVersion() throws Exception {
    SqliteLedger.open(dir).close();
    SqliteLedger.open(dir).close(); // an up-to-date file is opened as it is

    try (Connection c = TestRecords.jdbc(dir); Statement s = c.createStatement()) {
      try (ResultSet mode = s.executeQuery("PRAGMA journal_mode")) {
        assertThat(mode.next()).isTrue();
        assertThat(mode.getString(1)).isEqualTo("wal");
      }
      try (ResultSet version = s.executeQuery("SELECT version FROM schema_version")) {
        assertThat(version.next()).isTrue();
        assertThat(version.getInt(1)).isEqualTo(LedgerSchema.VERSION);
        assertThat(version.next()).isFalse();
      }
      // One B-tree insert a record: time-range reads use ledger_daily, not an index on the ledger.
      try (ResultSet indexes = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index'"
          + " AND tbl_name = 'ledger' AND sql IS NOT NULL")) {
        assertThat(indexes.next()).as("an index on the ledger").isFalse();
      }
    }
  }

  @Test
  void refusesAFileFromANewerSchemaNamingBothVersions() throws Exception {
    SqliteLedger.open(dir).close();
    try (Connection c = TestRecords.jdbc(dir); Statement s = c.createStatement()) {
      s.execute("UPDATE schema_version SET version = 99");
    }

    assertThatThrownBy(() -> SqliteLedger.open(dir))
        .isInstanceOf(LedgerException.class)
        .hasMessageContaining("ledger.db")
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("(" + LedgerSchema.VERSION + ")");
  }

  @Test
  void readsAfterCloseFailClearly() {
    SqliteLedger ledger = SqliteLedger.open(dir);
    ledger.close();
    ledger.close(); // idempotent

    assertThatThrownBy(() -> ledger.usage(List.of("team"), null, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
