package dev.sluice.store;

import dev.sluice.budget.SpendHistory;
import java.time.Instant;
import java.util.Map;
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
   * started from it at any time, not once at start-up.
   */
  public static SpendHistory fresh(Ledger ledger) {
    return (scope, since) -> spent(ledger.spendSince(since), scope);
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
