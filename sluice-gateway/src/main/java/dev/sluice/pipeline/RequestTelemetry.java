package dev.sluice.pipeline;

import java.util.function.BiConsumer;

/**
 * What the upstream stage tells stage 6 about each attempt while it happens: the observe stage
 * answers with a child span (when tracing is on), the trace headers to send upstream, and the
 * attempt counter. Set on the {@link Exchange} when it begins; never null.
 */
public interface RequestTelemetry {

  /** Nothing recorded, nothing propagated. */
  RequestTelemetry NONE = (backend, upstreamModel, host, port, resendCount, startNanos) ->
      Attempt.NONE;

  /**
   * An upstream attempt begins.
   *
   * @param host the backend's host, null for an in-process backend
   * @param resendCount attempts made before this one for the request (0 for the first)
   * @param startNanos {@link System#nanoTime()} as it begins (the upstream stage's own reading,
   *     so that the span and the attempt's latency tell one time)
   */
  Attempt attempt(String backend, String upstreamModel, String host, int port, int resendCount,
      long startNanos);

  /**
   * The whole answer that went to the client (not a stream), once, when an attempt succeeded.
   * Only content capture reads it; by default it is ignored.
   */
  default void answered(byte[] body) {}

  /**
   * A batch of stream events as written to the client, in order (the client's API: OpenAI
   * chunks, or Anthropic's events on {@code /v1/messages}). Only content capture reads them; by
   * default they are ignored.
   */
  default void streamed(byte[] events) {}

  /** One upstream attempt; {@link #end} is called once, however it ended. */
  interface Attempt {
    Attempt NONE = new Attempt() {
      @Override
      public void headers(BiConsumer<String, String> put) {}

      @Override
      public void end(int status, String outcome, long endNanos) {}
    };

    /** Adds the trace-context headers ({@code traceparent}, {@code tracestate}) to send upstream. */
    void headers(BiConsumer<String, String> put);

    /**
     * @param status the provider's HTTP status, 0 when none arrived
     * @param outcome {@code success}, or why it failed: {@code http_4xx}, {@code http_429},
     *     {@code http_5xx}, {@code timeout}, {@code connect_failure}, {@code broken},
     *     {@code unsupported}, {@code cancelled}
     * @param endNanos {@link System#nanoTime()} as it ended
     */
    void end(int status, String outcome, long endNanos);
  }
}
