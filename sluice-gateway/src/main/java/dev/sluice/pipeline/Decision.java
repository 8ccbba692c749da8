package dev.sluice.pipeline;

import dev.sluice.api.GatewayError;
import java.util.function.Consumer;

/**
 * What a stage decided: pass the request on, answer it with an error, or — only for a stage that
 * must ask a shared store — decide later.
 */
public sealed interface Decision {

  /** Shared: proceeding allocates nothing. */
  Decision PROCEED = new Proceed();

  static Decision answer(GatewayError error) {
    return new Answer(error);
  }

  /** A decision that arrives later, through {@code pending}. */
  static Decision later(Pending pending) {
    return new Later(pending);
  }

  /** Continue with the next stage. */
  record Proceed() implements Decision {}

  /** Stop here; the client gets this error. */
  record Answer(GatewayError error) implements Decision {}

  /** The stage waits on I/O (a shared store); the pipeline resumes when it has decided. */
  record Later(Pending pending) implements Decision {}

  /** Something that will decide once. */
  @FunctionalInterface
  interface Pending {
    /**
     * Calls {@code decided} exactly once, with {@link Proceed} or an {@link Answer}, on the
     * exchange's event loop.
     */
    void whenDecided(Consumer<Decision> decided);
  }
}
