package dev.sluice.observe;

import dev.sluice.budget.Price;
import dev.sluice.budget.PriceTable;
import dev.sluice.pipeline.Exchange;
import dev.sluice.provider.TokenUsage;
import java.math.BigDecimal;
import dev.sluice.pipeline.Reservation;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 6, attached to every exchange's completion: settles what stages 2 and 3 reserved
 * against the real usage, and writes one access-log record per request, however it ended. It never fails the request: a recording problem is logged and the answer stands.
 */
public final class Observe implements Consumer<Exchange> {
  private static final Logger LOG = LoggerFactory.getLogger(Observe.class);

  private final AccessLogWriter accessLog; // null: access log off
  private final PriceTable prices;

  public Observe(AccessLogWriter accessLog, PriceTable prices) {
    this.accessLog = accessLog;
    this.prices = prices;
  }

  /**
   * What the answer cost at the list price of the model that served it: null when no provider
   * reported usage, or when the model has no known price.
   */
  private BigDecimal cost(Exchange exchange) {
    TokenUsage usage = exchange.usage();
    if (usage == null || exchange.upstreamModel() == null) {
      return null;
    }
    Price price = prices.find(exchange.upstreamModel());
    return price == null ? null : Price.usd(price.cost(usage));
  }

  @Override
  public void accept(Exchange exchange) {
    for (Reservation reservation : exchange.reservations()) {
      try {
        reservation.settle(exchange);
      } catch (RuntimeException e) {
        LOG.error("observe: could not settle a reservation of request {}", exchange.requestId(), e);
      }
    }
    try {
      if (accessLog != null) {
        accessLog.write(AccessRecord.of(exchange, System.nanoTime(), cost(exchange)));
      }
    } catch (RuntimeException e) {
      LOG.error("observe: could not record request {}", exchange.requestId(), e);
    }
  }
}
