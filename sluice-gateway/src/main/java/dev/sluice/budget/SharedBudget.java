package dev.sluice.budget;

import dev.sluice.api.GatewayError;
import dev.sluice.pipeline.ClientChannel;
import dev.sluice.pipeline.Exchange;
import dev.sluice.pipeline.SharedCounter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A budget kept in the shared store: one counter per scope and calendar window (its name holds
 * the window's start), summed by the store's script. Not named by its limit: a budget raised by a
 * reload keeps what its window spent. A counter the store lacks starts from the ledger.
 */
final class SharedBudget implements SharedCounter {
  private final SpendHistory.Scope scope;
  private final long limitNanos;
  private final BudgetWindow window;
  private final SpendHistory history;
  private final PriceTable prices;
  private final String prefix;

  SharedBudget(SpendHistory.Scope scope, long limitNanos, BudgetWindow window,
      SpendHistory history, PriceTable prices) {
    this.scope = scope;
    this.limitNanos = limitNanos;
    this.window = window;
    this.history = history;
    this.prices = prices;
    this.prefix = "bg:" + scope.kind().name().toLowerCase(java.util.Locale.ROOT) + ":" + scope.name()
        + ":" + window.word() + ":";
  }

  @Override
  public Kind kind() {
    return Kind.SPEND;
  }

  @Override
  public long limit() {
    return limitNanos;
  }

  @Override
  public long periodNanos() {
    return 0;
  }

  @Override
  public String name(Instant now) {
    return prefix + window.start(now).atOffset(ZoneOffset.UTC).toLocalDate();
  }

  @Override
  public Instant windowEnd(Instant now) {
    Instant start = window.start(now);
    Instant probe = start.plus(switch (window) {
      case DAY -> 1;
      case WEEK -> 7;
      case MONTH -> 31;
    }, ChronoUnit.DAYS);
    // A month is 28-31 days: step back to the first day whose window is not this one.
    while (window.start(probe.minus(1, ChronoUnit.DAYS)).isAfter(start)) {
      probe = probe.minus(1, ChronoUnit.DAYS);
    }
    return probe;
  }

  @Override
  public long spentInWindow(Instant now) {
    return history.spentSince(scope, window.start(now));
  }

  @Override
  public GatewayError refusal(long units, long waitNanos) {
    return window.exhausted(describe(), Instant.now());
  }

  @Override
  public long used(Exchange exchange, long claimed) {
    return CostReservation.actualCost(exchange, claimed, prices);
  }

  @Override
  public String unit() {
    return "usd";
  }

  @Override
  public void headers(ClientChannel channel, long remaining, long resetNanos) {
    // budgets have no headers
  }

  private String describe() {
    return scope.describe() + ": $" + Price.usd(limitNanos).toPlainString() + " per " + window.word();
  }

  @Override
  public String toString() {
    return prefix;
  }
}
