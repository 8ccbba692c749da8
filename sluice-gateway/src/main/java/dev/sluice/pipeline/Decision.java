package dev.sluice.pipeline;

import dev.sluice.api.GatewayError;

/** What a synchronous stage decided: pass the request on, or answer it with an error. */
public sealed interface Decision {

  /** Shared: proceeding allocates nothing. */
  Decision PROCEED = new Proceed();

  static Decision answer(GatewayError error) {
    return new Answer(error);
  }

  /** Continue with the next stage. */
  record Proceed() implements Decision {}

  /** Stop here; the client gets this error. */
  record Answer(GatewayError error) implements Decision {}
}
