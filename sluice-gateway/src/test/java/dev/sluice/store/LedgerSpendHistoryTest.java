package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.budget.SpendHistory;
import dev.sluice.budget.SpendHistory.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The shared store starts a budget counter Redis lacks from the ledger. When Redis comes back
 * empty every counter is missing at once: the reads of one window start must become one query.
 */
class LedgerSpendHistoryTest {
  static final Instant MONTH = Instant.parse("2026-11-01T00:00:00Z");

  /** A ledger whose spend query waits for the test, and counts how often it was asked. */
  static final class SlowLedger implements Ledger {
    final AtomicInteger queries = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch asked = new CountDownLatch(1);
    volatile RuntimeException failure;

    @Override
    public SpendTotals spendSince(Instant since) {
      queries.incrementAndGet();
      asked.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failure != null) {
        throw failure;
      }
      SpendTotals.Builder totals = new SpendTotals.Builder();
      totals.add("k1", "research", "search", 100);
      totals.add("k2", "research", "ranking", 20);
      return totals.build();
    }

    @Override
    public void append(LedgerRecord record) {}

    @Override
    public List<UsageRow> usage(List<String> groupBy, Instant from, Instant to) {
      return List.of();
    }

    @Override
    public long prune(Instant before) {
      return 0;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @Test
  void concurrentReadsOfOneWindowStartShareOneQueryAndLaterOnesReadAgain() throws Exception {
    SlowLedger ledger = new SlowLedger();
    SpendHistory history = LedgerSpendHistory.fresh(ledger);
    List<Scope> scopes = List.of(new Scope(Scope.Kind.KEY, "k1"), new Scope(Scope.Kind.KEY, "k2"),
        new Scope(Scope.Kind.TEAM, "research"), new Scope(Scope.Kind.PROJECT, "research/search"));
    FutureTask<Long> first = new FutureTask<>(() -> history.spentSince(scopes.get(0), MONTH));
    Thread.ofPlatform().start(first);
    assertThat(ledger.asked.await(10, TimeUnit.SECONDS)).isTrue(); // its query is running
    List<FutureTask<Long>> others = new ArrayList<>();
    List<Thread> callers = new ArrayList<>();
    for (Scope scope : scopes.subList(1, scopes.size())) {
      FutureTask<Long> read = new FutureTask<>(() -> history.spentSince(scope, MONTH));
      others.add(read);
      callers.add(Thread.ofPlatform().start(read));
    }
    // Each waits on the running query: parked (a caller that asked the ledger itself would be
    // waiting on the ledger's latch instead, and count a second query).
    await().atMost(Duration.ofSeconds(10)).until(
        () -> callers.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
    ledger.release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(100);
    List<Long> answers = new ArrayList<>();
    for (FutureTask<Long> other : others) {
      answers.add(other.get(10, TimeUnit.SECONDS));
    }
    assertThat(answers).containsExactly(20L, 120L, 100L);
    assertThat(ledger.queries).hasValue(1);

    // Once answered, the next read asks the ledger again: nothing is kept stale.
    assertThat(history.spentSince(scopes.get(0), MONTH)).isEqualTo(100);
    assertThat(ledger.queries).hasValue(2);
  }

  @Test
  void aFailedQueryFailsItsCallersWithItsOwnErrorAndTheNextReadTriesAgain() {
    SlowLedger ledger = new SlowLedger();
    ledger.release.countDown();
    ledger.failure = new LedgerException("ledger: cannot read spend since " + MONTH + ": down", null);
    SpendHistory history = LedgerSpendHistory.fresh(ledger);
    Scope key = new Scope(Scope.Kind.KEY, "k1");
    assertThatThrownBy(() -> history.spentSince(key, MONTH)).isSameAs(ledger.failure);
    ledger.failure = null;
    assertThat(history.spentSince(key, MONTH)).isEqualTo(100);
    assertThat(ledger.queries).hasValue(2);
  }
}
