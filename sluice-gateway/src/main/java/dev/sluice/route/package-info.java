/**
 * Stage 4, route: the first configured route whose conditions hold (model glob, team, project,
 * headers, estimated prompt tokens) becomes a {@link dev.sluice.route.RoutePlan}: the targets to
 * try, tier by tier, each tier in weighted random order, with the route's retry policy and
 * timeout. Exact model names are found by hash; the prompt-token estimate is computed only when a
 * candidate route asks for it. Also answers {@code GET /v1/models}.
 */
package dev.sluice.route;
