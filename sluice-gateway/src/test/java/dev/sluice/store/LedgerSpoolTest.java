package dev.sluice.store;

import static dev.sluice.store.TestRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A write SQLite refuses is retried, spooled, logged by count, and replayed later — never lost. */
class LedgerSpoolTest {
  @TempDir Path dir;
  final ListAppender<ILoggingEvent> log = new ListAppender<>();
  final Logger writerLog = (Logger) LoggerFactory.getLogger(LedgerWriter.class);

  @BeforeEach
  void captureLog() {
    log.start();
    writerLog.addAppender(log);
  }

  @AfterEach
  void releaseLog() {
    writerLog.detachAppender(log);
  }

  @Test
  void aFailingWriteIsRetriedThenSpooledAndReplayedAtTheNextOpen() throws Exception {
    FailingConnections connections = new FailingConnections(dir);
    List<LedgerRecord> records = List.of(
        TestRecords.simple("a", T0.toEpochMilli()), TestRecords.simple("b", T0.toEpochMilli() + 1),
        TestRecords.simple("c", T0.toEpochMilli() + 2));
    try (SqliteLedger ledger = new SqliteLedger(dir, connections)) {
      connections.failing.set(true);
      records.forEach(ledger::append);
      ledger.flush(); // returns once the records are durable: here, in the spool

      assertThat(connections.failedCommits.get()).isEqualTo(4);
      assertThat(Files.readAllLines(dir.resolve("ledger.spool"))).hasSize(3);
      assertThat(TestRecords.readAll(dir)).isEmpty();
      assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
          .anySatisfy(m -> assertThat(m).contains("spooled 3 records").contains("disk I/O error (simulated)"));
    }

    try (SqliteLedger reopened = SqliteLedger.open(dir)) {
      assertThat(Files.exists(dir.resolve("ledger.spool"))).isFalse();
      assertThat(reopened.spendSince(T0).key("k1")).isEqualTo(300);
    }
    assertThat(TestRecords.readAll(dir)).usingRecursiveFieldByFieldElementComparatorIgnoringFields("entryId")
        .containsExactlyElementsOf(records);
  }

  @Test
  void theSpoolIsReplayedAsSoonAsSqliteTakesWritesAgain() throws Exception {
    FailingConnections connections = new FailingConnections(dir);
    try (SqliteLedger ledger = new SqliteLedger(dir, connections)) {
      connections.failing.set(true);
      ledger.append(TestRecords.simple("during-outage", T0.toEpochMilli()));
      ledger.flush();
      ledger.append(TestRecords.simple("during-outage-2", T0.toEpochMilli() + 1));
      ledger.flush();
      // After a spooled batch the next one gets a single attempt: an outage costs no backoff per batch.
      assertThat(connections.failedCommits.get()).isEqualTo(5);

      connections.failing.set(false);
      ledger.append(TestRecords.simple("after-outage", T0.toEpochMilli() + 2));
      ledger.flush();

      assertThat(Files.exists(dir.resolve("ledger.spool"))).isFalse();
      assertThat(ledger.usage(List.of(), null, null).getFirst().requests()).isEqualTo(3);
    }
  }

  @Test
  void aReplayedRecordAlreadyInTheDatabaseIsNotCountedTwice() throws Exception {
    try (SqliteLedger ledger = SqliteLedger.open(dir)) {
      ledger.append(TestRecords.simple("written", T0.toEpochMilli()));
    }
    LedgerRecord written = TestRecords.readAll(dir).getFirst(); // as stored, with its entry id
    // As left by a crash after a replay committed but before the spool was deleted.
    new LedgerSpool(dir.resolve("ledger.spool")).append(List.of(written,
        TestRecords.simple("spooled", T0.toEpochMilli() + 1).withEntryId(written.entryId() + 1)));

    try (SqliteLedger ledger = SqliteLedger.open(dir)) {
      assertThat(ledger.usage(List.of(), null, null))
          .containsExactly(new UsageRow(List.of(), 2, 20, 10, 0, 200));
    }
  }

  @Test
  void aLineTornByACrashIsSkippedAndTheRestReplayed() throws Exception {
    Path spool = dir.resolve("ledger.spool");
    new LedgerSpool(spool).append(List.of(TestRecords.simple("whole", T0.toEpochMilli())));
    Files.writeString(spool, "{\"tsEpochMillis\":1772359200000,\"requestId\":\"tor", StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);

    try (SqliteLedger ledger = SqliteLedger.open(dir)) {
      assertThat(ledger.usage(List.of("key"), null, null))
          .containsExactly(new UsageRow(List.of("k1"), 1, 10, 5, 0, 100));
    }
    assertThat(Files.exists(spool)).isFalse();
  }

  @Test
  void aRecordAppendedAfterCloseIsSpooledForTheNextStart() throws Exception {
    SqliteLedger ledger = SqliteLedger.open(dir);
    ledger.close();
    ledger.append(TestRecords.simple("late", T0.toEpochMilli()));

    assertThat(Files.readAllLines(dir.resolve("ledger.spool"))).hasSize(1);
    try (SqliteLedger reopened = SqliteLedger.open(dir)) {
      assertThat(reopened.spendSince(T0).team("research")).isEqualTo(100);
    }
  }
}
