package dev.sluice.observe;

/**
 * Each backend's circuit-breaker state as the {@code sluice_circuit_state} gauge shows it:
 * {@link #CLOSED} 0, {@link #OPEN} 1, {@link #HALF_OPEN} 2. Read when metrics are collected, not
 * on the request path. Gateway feeds it from the upstream stage's breakers; {@link #ALL_CLOSED}
 * stands in until it does (and for tests).
 */
@FunctionalInterface
public interface CircuitStates {
  int CLOSED = 0;
  int OPEN = 1;
  int HALF_OPEN = 2;

  CircuitStates ALL_CLOSED = backend -> CLOSED;

  /** The state code of {@code backend}'s circuit. */
  int state(String backend);
}
