package dev.sluice.budget;

import dev.sluice.pipeline.Exchange;
import dev.sluice.pipeline.Reservation;
import dev.sluice.provider.TokenUsage;
import java.util.List;

/**
 * An estimated cost reserved in each budget's window, settled to the real cost: the reported
 * usage at the list price of the model that served it (0 when that model has no price); nothing
 * when no provider answered; the estimate when a stream started but reported no usage.
 */
record CostReservation(List<SpendCounter.Window> windows, long estimate, PriceTable prices)
    implements Reservation {

  @Override
  public void settle(Exchange exchange) {
    long actual = actualCost(exchange, estimate, prices);
    long difference = actual - estimate;
    if (difference != 0) {
      windows.forEach(window -> window.nanos().addAndGet(difference));
    }
  }

  /** The real cost of a request that reserved {@code estimate} (see the class comment). */
  static long actualCost(Exchange exchange, long estimate, PriceTable prices) {
    TokenUsage usage = exchange.usage();
    if (usage == null) {
      return exchange.firstByteNanos() > 0 ? estimate : 0;
    }
    Price price = exchange.upstreamModel() == null ? null : prices.find(exchange.upstreamModel());
    return price == null ? 0 : price.cost(usage);
  }
}
