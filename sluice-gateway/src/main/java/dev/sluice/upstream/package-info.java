/**
 * Stage 5, upstream: walks the route plan. Each attempt translates the original request for its
 * target's provider and sends it on the event loop's pooled connection to that backend. A failure
 * becomes a {@code Failure}; {@code RetryRule} decides retry-same-target (after exponential
 * backoff with jitter, honouring {@code Retry-After}), fail-over, or stop. Nothing is retried once
 * a byte reached the client. Deadlines (route total, first byte, idle) are fields checked by one
 * sweeper per event loop. Answers are relayed as they come: streams event by event with
 * backpressure, JSON answers once complete and checked.
 */
package dev.sluice.upstream;
