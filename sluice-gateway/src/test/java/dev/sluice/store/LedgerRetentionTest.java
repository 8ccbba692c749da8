package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code store.retention} deletes the records of old days and keeps their sums: budgets and
 * whole-day usage still count them, and nothing of a kept day is touched.
 */
class LedgerRetentionTest {
  static final Instant DAY1 = Instant.parse("2026-03-01T00:00:00Z");
  static final Duration DAY = Duration.ofDays(1);

  @TempDir Path dir;

  @Test
  void keepsWholeUtcDays() {
    assertThat(LedgerRetention.keptFrom(Instant.parse("2026-11-29T17:00:00Z"), Duration.ofDays(90)))
        .isEqualTo(Instant.parse("2026-08-31T00:00:00Z"));
    assertThat(LedgerRetention.keptFrom(Instant.parse("2026-11-29T00:00:00Z"), Duration.ofDays(1)))
        .isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
  }

  @Test
  void aRunStillDeletingIsNotJoinedByTheNext() throws Exception {
    CountDownLatch deleting = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger prunes = new AtomicInteger();
    Ledger slow = new Ledger() {
      @Override
      public long prune(Instant before) {
        prunes.incrementAndGet();
        deleting.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return 0;
      }

      @Override
      public void append(LedgerRecord record) {
        throw new UnsupportedOperationException();
      }

      @Override
      public SpendTotals spendSince(Instant since) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<UsageRow> usage(List<String> groupBy, Instant from, Instant to) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    LedgerRetention.Schedule schedule = new LedgerRetention.Schedule(slow, DAY);
    Instant now = Instant.parse("2026-11-29T17:00:00Z");
    ExecutorService threads = Executors.newCachedThreadPool(); // one thread per run
    try {
      CompletableFuture<Boolean> first =
          CompletableFuture.supplyAsync(() -> schedule.runNow(now), threads);
      assertThat(deleting.await(10, TimeUnit.SECONDS)).isTrue();

      // The hour's next run comes while the first is still deleting: skipped, at once.
      assertThat(CompletableFuture.supplyAsync(() -> schedule.runNow(now), threads)
          .get(10, TimeUnit.SECONDS)).isFalse();
      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(schedule.runNow(now)).isTrue(); // and once it is over, runs go on
      assertThat(prunes).hasValue(2);
    } finally {
      release.countDown();
      threads.shutdownNow();
    }
  }

  @ParameterizedTest
  @EnumSource(LedgerKind.class)
  void deletesOldRecordsAndKeepsTheirSums(LedgerKind kind) throws Exception {
    kind.run(dir, LedgerRetentionTest::deletesOldRecordsKeepingTheirSums);
  }

  private static void deletesOldRecordsKeepingTheirSums(Ledger ledger) {
    // Two old days, more records than one delete takes, then a day that is kept; its last
    // record is a stream that started on the last old day and ended on the kept one.
    int old = SqliteLedger.PRUNE_CHUNK * 2 + 123;
    for (int i = 0; i < old; i++) {
      ledger.append(record("old" + i, DAY1.plus(DAY.multipliedBy(i % 2)).plusSeconds(i)));
    }
    LedgerRecord streamOfTheLastOldDay = record("stream", DAY1.plus(DAY).plus(DAY).minusSeconds(5));
    for (int i = 0; i < 50; i++) {
      ledger.append(record("kept" + i, DAY1.plus(DAY.multipliedBy(2)).plusSeconds(i)));
    }
    ledger.append(streamOfTheLastOldDay);
    ledger.flush();
    List<UsageRow> byDayBefore = ledger.usage(List.of("day"), DAY1, null);
    SpendTotals spentBefore = ledger.spendSince(DAY1);

    Instant keptFrom = DAY1.plus(DAY.multipliedBy(2));
    // The stream may stay until the next day's run: the embedded store looks only below the kept
    // days' first entry id, and the stream's was given after it (see SqliteLedger.prune).
    assertThat(ledger.prune(keptFrom)).isBetween((long) old, old + 1L);
    assertThat(ledger.prune(keptFrom)).isZero(); // nothing more to delete

    // The days' sums stay: a budget's window and whole days of usage count every record.
    assertThat(ledger.usage(List.of("day"), DAY1, null)).isEqualTo(byDayBefore);
    assertThat(ledger.spendSince(DAY1)).isEqualTo(spentBefore);
    // The kept day is whole; of the old days, only what their records said is gone.
    assertThat(ledger.usage(List.of(), keptFrom, keptFrom.plus(Duration.ofHours(12))))
        .containsExactly(new UsageRow(List.of(), 50, 500, 250, 0, 5_000));
    assertThat(ledger.usage(List.of(), DAY1.plusSeconds(1), DAY1.plus(Duration.ofHours(12)))
        .getFirst().requests()).isZero(); // part of an old day: from its records, now gone
  }

  private static LedgerRecord record(String id, Instant ts) {
    return TestRecords.usage(id, ts, "k1", "t", "p", "gpt-4o", "openai", 10, 5, 0, 100);
  }
}
