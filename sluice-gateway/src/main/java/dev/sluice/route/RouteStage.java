package dev.sluice.route;

import dev.sluice.api.ClientRequest;
import dev.sluice.api.GatewayError;
import dev.sluice.api.TokenCounter;
import dev.sluice.pipeline.Decision;
import dev.sluice.pipeline.Exchange;
import dev.sluice.pipeline.Stage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Stage 4: the first route whose conditions hold for this model, principal, headers and prompt
 * size, turned into an ordered plan of targets. No route: 404 {@code model_not_found}.
 */
public final class RouteStage implements Stage {
  private final RouteTable table;
  private final boolean promptTokenRoutes;

  public RouteStage(RouteTable table) {
    this.table = table;
    this.promptTokenRoutes = table.routes().stream().anyMatch(CompiledRoute::needsPromptTokens);
  }

  /** True when a route matches on prompt tokens (whoever the caller is). */
  @Override
  public boolean usesPromptTokens(Exchange exchange) {
    return promptTokenRoutes;
  }

  @Override
  public Decision apply(Exchange exchange) {
    ClientRequest request = exchange.request();
    LongSupplier promptTokens = () -> {
      if (exchange.promptTokenEstimate() < 0) {
        exchange.promptTokenEstimate(TokenCounter.estimatePrompt(request));
      }
      return exchange.promptTokenEstimate();
    };
    CompiledRoute route = table.firstMatch(request.model(),
        r -> r.matches(request.model(), exchange.principal(), exchange.headers(), promptTokens));
    if (route == null) {
      return Decision.answer(new GatewayError.ModelNotFound(request.model()));
    }
    route.retryBudget().requested(exchange.startNanos());
    exchange.plan(new RoutePlan(
        route.name(),
        TargetPicker.order(route.tiers(), ThreadLocalRandom.current()),
        route.retry(),
        route.retryBudget(),
        route.timeout()));
    return Decision.PROCEED;
  }
}
