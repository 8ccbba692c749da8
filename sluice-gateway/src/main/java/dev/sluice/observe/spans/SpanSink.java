package dev.sluice.observe.spans;

import java.util.concurrent.CompletableFuture;

/** Where finished spans go: batched to an OTLP collector, or (tests) to an SDK exporter. */
public interface SpanSink {
  /** Starts sending, through {@code transports} when the sink needs the network (OTLP). */
  default void start(SpanTransport.Factory transports) {}

  /** Takes a finished span; never blocks and never throws for a full or failing destination. */
  void export(FinishedSpan span);

  /**
   * Sends what is batched. Completes when every span taken so far has been sent or given up on
   * (a batch waiting to be retried holds it back; callers bound the wait).
   */
  CompletableFuture<Void> flush();

  /** Stops sending and releases what {@link #start} took; call after {@link #flush}. */
  default void close() {}

  /** How the sink reports what became of spans (its own health metrics). */
  interface Outcomes {
    Outcomes NONE = new Outcomes() {};

    /** {@code count} spans were batched, to be sent. */
    default void queued(int count) {}

    /** {@code count} spans reached the collector. */
    default void exported(int count) {}

    /** {@code count} spans were sent and refused, or could not be sent: given up on. */
    default void failed(int count, String errorType) {}

    /** {@code count} spans were dropped unsent: too many were waiting. */
    default void dropped(int count) {}
  }
}
