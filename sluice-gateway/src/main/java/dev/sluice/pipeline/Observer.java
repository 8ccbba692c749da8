package dev.sluice.pipeline;

import java.util.function.Consumer;

/**
 * Stage 6 as the pipeline sees it: told when an exchange begins (before its body is read), and
 * run once when it completes, however it ended.
 */
public interface Observer extends Consumer<Exchange> {

  /** The exchange begins: set up what follows it (its span, its {@link RequestTelemetry}). */
  void begin(Exchange exchange);
}
