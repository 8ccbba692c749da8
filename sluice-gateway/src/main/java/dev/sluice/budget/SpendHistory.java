package dev.sluice.budget;

import java.time.Instant;

/**
 * What was already spent, from the ledger, so that budgets survive a restart. Read once per
 * budget at start-up (and for a budget that appears in a reload).
 */
@FunctionalInterface
public interface SpendHistory {
  /** Nothing recorded (tests, or a store without a ledger). */
  SpendHistory NONE = (scope, since) -> 0;

  /** nano-USD spent by the scope at or after {@code since}. */
  long spentSince(Scope scope, Instant since);

  /** Who a budget belongs to: a key (by id), a project ({@code team/project}), or a team. */
  record Scope(Kind kind, String name) {
    public enum Kind { KEY, PROJECT, TEAM }

    /** "team 'research'", as messages name it. */
    public String describe() {
      return kind.name().toLowerCase(java.util.Locale.ROOT) + " '" + name + "'";
    }
  }
}
