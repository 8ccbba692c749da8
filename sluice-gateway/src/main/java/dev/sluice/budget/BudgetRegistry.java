package dev.sluice.budget;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live spend counters, by scope and budget. A reload builds its stage from the same registry:
 * an unchanged budget keeps its count; a new one starts from what the ledger says was spent.
 */
public final class BudgetRegistry {
  private record Key(SpendHistory.Scope scope, long limitNanos, BudgetWindow window) {}

  private final Map<Key, SpendCounter> counters = new ConcurrentHashMap<>();
  private final SpendHistory history;

  public BudgetRegistry(SpendHistory history) {
    this.history = history;
  }

  SpendCounter counter(SpendHistory.Scope scope, long limitNanos, BudgetWindow window, Instant now) {
    return counters.computeIfAbsent(new Key(scope, limitNanos, window),
        k -> new SpendCounter(window, now, history.spentSince(scope, window.start(now))));
  }
}
