package dev.sluice.budget;

import java.math.BigDecimal;

/** One configured budget — {@code usd} per calendar window — of one scope, with its spend. */
record Budget(SpendHistory.Scope scope, long limitNanos, BudgetWindow window, SpendCounter spend) {

  /** "team 'research': $1000 per month". */
  String describe() {
    return scope.describe() + ": $" + Price.usd(limitNanos).toPlainString() + " per " + window.word();
  }

  static long nanos(BigDecimal usd) {
    return usd.movePointRight(9).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
  }
}
