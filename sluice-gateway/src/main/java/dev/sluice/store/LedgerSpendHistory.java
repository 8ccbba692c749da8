package dev.sluice.store;

import dev.sluice.budget.SpendHistory;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Budgets' spend history from the ledger: one query per window start (a day, a week, a month
 * back), shared by every budget that starts its window there.
 */
public final class LedgerSpendHistory implements SpendHistory {
  private final Ledger ledger;
  private final Map<Instant, SpendTotals> bySince = new ConcurrentHashMap<>();

  public LedgerSpendHistory(Ledger ledger) {
    this.ledger = ledger;
  }

  /**
   * Read from the ledger at each call, for the shared store: a budget counter Redis lacks is
   * started from it at any time, not once at start-up. Calls for the same window start while a
   * read of it runs share that read: when Redis comes back empty, every scope's counters are
   * missing at once, each admission that meets one asks, and one query answers for all the
   * scopes (it sums every key, team and project).
   */
  public static SpendHistory fresh(Ledger ledger) {
    Map<Instant, CompletableFuture<SpendTotals>> reading = new ConcurrentHashMap<>();
    return (scope, since) -> {
      CompletableFuture<SpendTotals> mine = new CompletableFuture<>();
      CompletableFuture<SpendTotals> running = reading.putIfAbsent(since, mine);
      if (running == null) {
        running = mine;
        try {
          mine.complete(ledger.spendSince(since));
        } catch (RuntimeException e) {
          mine.completeExceptionally(e);
        } finally {
          reading.remove(since, mine); // the next call reads afresh
        }
      }
      try {
        return spent(running.join(), scope);
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException cause ? cause : e;
      }
    };
  }

  @Override
  public long spentSince(Scope scope, Instant since) {
    return spent(bySince.computeIfAbsent(since, ledger::spendSince), scope);
  }

  private static long spent(SpendTotals totals, Scope scope) {
    return switch (scope.kind()) {
      case KEY -> totals.key(scope.name());
      case PROJECT -> totals.byProject().getOrDefault(scope.name(), 0L);
      case TEAM -> totals.team(scope.name());
    };
  }
}
