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

    assertThat(TestRecords.readAll(dir)).containsExactly(answered, rejected, unpriced);
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
  void aRecordAppendedTwiceIsCountedOnce() throws Exception {
    LedgerRecord record = TestRecords.simple("req-1", T0.toEpochMilli());
    try (SqliteLedger ledger = SqliteLedger.open(dir)) {
      ledger.append(record);
      ledger.flush();
      ledger.append(record);
    }
    try (SqliteLedger ledger = SqliteLedger.open(dir)) {
      ledger.append(record);
      ledger.flush();

      assertThat(ledger.usage(List.of(), null, null))
          .containsExactly(new UsageRow(List.of(), 1, 10, 5, 0, 100));
    }
    assertThat(TestRecords.readAll(dir)).hasSize(1);
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
      try (ResultSet plan = s.executeQuery("EXPLAIN QUERY PLAN SELECT key_id, team, project,"
          + " sum(cost_nanos) FROM ledger WHERE ts >= 0 GROUP BY key_id, team, project")) {
        List<String> steps = new ArrayList<>();
        while (plan.next()) {
          steps.add(plan.getString("detail"));
        }
        assertThat(steps).anySatisfy(step -> assertThat(step).contains("COVERING INDEX ledger_ts"));
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
