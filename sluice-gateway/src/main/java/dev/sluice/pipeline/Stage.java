package dev.sluice.pipeline;

/**
 * One synchronous pipeline stage (authenticate, authorize, budget, route). It reads and enriches
 * the exchange and decides; it never blocks, never does I/O, and never throws on the request
 * path (a bad request is a {@link Decision.Answer}).
 */
@FunctionalInterface
public interface Stage {
  Decision apply(Exchange exchange);

  /**
   * Whether this stage will read the prompt-token estimate ({@link
   * Exchange#promptTokenEstimate}) of this authenticated caller's request: its key, project or
   * team has a token limit or a budget, or a route matches on prompt tokens. The pipeline asks
   * before it parses the body, and then counts the prompt in the same pass; a stage that reads
   * the estimate without having said so still gets it, counted in a pass of its own.
   */
  default boolean usesPromptTokens(Exchange exchange) {
    return false;
  }
}
