package dev.sluice.observe;

import dev.sluice.budget.Price;
import dev.sluice.budget.PriceTable;
import dev.sluice.pipeline.Exchange;
import dev.sluice.provider.TokenUsage;
import dev.sluice.store.Ledger;
import dev.sluice.pipeline.Reservation;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 6, attached to every exchange's completion: settles what stages 2 and 3 reserved
 * against the real usage, and writes one access-log record and one usage-ledger record per
 * request, however it ended. It never fails the request: a recording problem is logged and the
 * answer stands.
 */
public final class Observe implements Consumer<Exchange> {
  private static final Logger LOG = LoggerFactory.getLogger(Observe.class);

  private final AccessLogWriter accessLog; // null: access log off
  private final PriceTable prices;
  private final Ledger ledger; // null: no ledger

  public Observe(AccessLogWriter accessLog, PriceTable prices, Ledger ledger) {
    this.accessLog = accessLog;
    this.prices = prices;
    this.ledger = ledger;
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
      // The cost at the list price of the model that served the answer; a model without a price
      // costs 0 and is flagged in the ledger, and its cost_usd in the access log is null.
      TokenUsage usage = exchange.usage();
      Price price = usage == null || exchange.upstreamModel() == null
          ? null : prices.find(exchange.upstreamModel());
      long costNanos = price == null ? 0 : price.cost(usage);
      AccessRecord record = AccessRecord.of(exchange, System.nanoTime(),
          price == null ? null : Price.usd(costNanos));
      if (accessLog != null) {
        accessLog.write(record);
      }
      if (ledger != null) {
        ledger.append(LedgerEntries.of(record, costNanos, usage != null && price == null));
      }
    } catch (RuntimeException e) {
      LOG.error("observe: could not record request {}", exchange.requestId(), e);
    }
  }
}
