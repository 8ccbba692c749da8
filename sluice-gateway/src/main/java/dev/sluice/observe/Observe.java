package dev.sluice.observe;

import dev.sluice.authenticate.Principal;
import dev.sluice.budget.Price;
import dev.sluice.budget.PriceTable;
import dev.sluice.config.BackendConfig;
import dev.sluice.pipeline.Exchange;
import dev.sluice.pipeline.Observer;
import dev.sluice.pipeline.Reservation;
import dev.sluice.provider.TokenUsage;
import dev.sluice.store.Ledger;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 6. When an exchange begins it starts the request's span (tracing on) and hands the
 * upstream stage its {@link dev.sluice.pipeline.RequestTelemetry}. When it completes it settles
 * what stages 2 and 3 reserved against the real usage, writes one access-log record and one
 * usage-ledger record, records the metrics and ends the span, however the request ended. It
 * never fails the request: a recording problem is logged and the answer stands.
 */
public final class Observe implements Observer {
  private static final Logger LOG = LoggerFactory.getLogger(Observe.class);

  private final AccessLogWriter accessLog; // null: access log off
  private final PriceTable prices;
  private final Ledger ledger; // null: no ledger
  private final Telemetry telemetry;
  private final Map<String, String> providers; // backend -> gen_ai.provider.name
  private final AttemptAttributes attemptAttributes; // per backend, built on first use
  private final ModelLabels models;

  /**
   * @param routed whether some route serves a model: only those become metric labels
   */
  public Observe(AccessLogWriter accessLog, PriceTable prices, Ledger ledger, Telemetry telemetry,
      List<BackendConfig> backends, Predicate<String> routed) {
    this.accessLog = accessLog;
    this.prices = prices;
    this.ledger = ledger;
    this.telemetry = telemetry;
    this.providers = ProviderNames.of(backends);
    this.attemptAttributes = new AttemptAttributes(providers);
    this.models = new ModelLabels(routed);
  }

  @Override
  public void begin(Exchange exchange) {
    try {
      exchange.telemetry(telemetry.begin(exchange, providers, attemptAttributes));
    } catch (RuntimeException e) {
      LOG.error("observe: could not start telemetry for request {}", exchange.requestId(), e);
    }
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
    long endNanos = System.nanoTime();
    long costNanos = 0;
    boolean priced = false;
    try {
      // The cost at the list price of the model that served the answer; a model without a price
      // costs 0 and is flagged in the ledger, and its cost_usd in the access log is null.
      TokenUsage usage = exchange.usage();
      Price price = usage == null || exchange.upstreamModel() == null
          ? null : prices.find(exchange.upstreamModel());
      costNanos = price == null ? 0 : price.cost(usage);
      priced = price != null;
      AccessRecord record = AccessRecord.of(exchange, endNanos, priced ? Price.usd(costNanos) : null);
      if (accessLog != null) {
        accessLog.write(record);
      }
      if (ledger != null) {
        ledger.append(LedgerEntries.of(record, costNanos, usage != null && price == null));
      }
    } catch (RuntimeException e) {
      LOG.error("observe: could not record request {}", exchange.requestId(), e);
    }
    try {
      record(exchange, endNanos, costNanos, priced);
    } catch (RuntimeException e) {
      LOG.error("observe: could not record telemetry of request {}", exchange.requestId(), e);
    }
  }

  private void record(Exchange exchange, long endNanos, long costNanos, boolean priced) {
    GenAiMetrics metrics = telemetry.metrics();
    if (metrics != null) {
      Principal principal = exchange.principal();
      TokenUsage usage = exchange.usage();
      String backend = exchange.backend();
      boolean stream = exchange.request() != null && exchange.request().stream();
      long firstByte = exchange.firstByteNanos();
      metrics.request(RequestSpan.operation(exchange.endpoint()), exchange.status(),
          exchange.errorCode(),
          principal == null ? null : principal.team(),
          principal == null ? null : principal.project(),
          models.of(exchange.request() == null ? null : exchange.request().model()),
          backend, backend == null ? null : providers.get(backend),
          usage == null ? -1 : usage.inputTokens(), usage == null ? -1 : usage.outputTokens(),
          (endNanos - exchange.startNanos()) / 1e9,
          stream && firstByte > 0 ? (firstByte - exchange.startNanos()) / 1e9 : -1,
          costNanos);
    }
    if (exchange.telemetry() instanceof RequestSpan span) {
      span.end(exchange, endNanos, costNanos, priced);
    }
  }
}
