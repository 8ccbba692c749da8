package dev.sluice.observe;

import dev.sluice.pipeline.Exchange;
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

  public Observe(AccessLogWriter accessLog) {
    this.accessLog = accessLog;
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
        accessLog.write(AccessRecord.of(exchange, System.nanoTime()));
      }
    } catch (RuntimeException e) {
      LOG.error("observe: could not record request {}", exchange.requestId(), e);
    }
  }
}
