package dev.sluice.pipeline;

/**
 * Something taken at admission on an estimate (rate-limit tokens, budget) that stage 6 settles
 * against what the request really used, once, when the exchange completes.
 */
@FunctionalInterface
public interface Reservation {
  /** Corrects the reservation to the exchange's real usage (its usage may be null). */
  void settle(Exchange exchange);
}
