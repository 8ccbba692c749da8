package dev.sluice.route;

import java.time.Duration;
import java.util.List;

/**
 * Stage 4's answer: the matched route and the targets to try, in order (tier by tier, each tier
 * in a weighted random order). The upstream stage walks it; retries on the same target draw on
 * the route's shared {@code retryBudget}.
 */
public record RoutePlan(
    String route, List<Target> targets, RetryPolicy retry, RetryBudget retryBudget, Duration timeout) {}
