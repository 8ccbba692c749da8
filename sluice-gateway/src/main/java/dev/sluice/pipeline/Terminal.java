package dev.sluice.pipeline;

/**
 * The last acting stage: it answers the client through the exchange's channel, possibly
 * asynchronously (the upstream stage), or locally (the model list).
 */
@FunctionalInterface
public interface Terminal {
  void answer(Exchange exchange);
}
