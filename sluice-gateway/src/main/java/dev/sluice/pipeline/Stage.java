package dev.sluice.pipeline;

/**
 * One synchronous pipeline stage (authenticate, authorize, budget, route). It reads and enriches
 * the exchange and decides; it never blocks, never does I/O, and never throws on the request
 * path (a bad request is a {@link Decision.Answer}).
 */
@FunctionalInterface
public interface Stage {
  Decision apply(Exchange exchange);
}
