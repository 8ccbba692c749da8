package dev.sluice.observe;

import dev.sluice.pipeline.RequestTelemetry;
import java.util.function.BiConsumer;

/** W3C trace context headers ({@code traceparent}, {@code tracestate}) passed on upstream. */
final class TraceHeaders {
  static final String TRACEPARENT = "traceparent";
  static final String TRACESTATE = "tracestate";

  private TraceHeaders() {}

  /**
   * Nothing of this request is recorded (tracing off, or the trace not sampled): the context goes
   * upstream as it came, so the provider's spans still join the caller's trace. Attempts are
   * counted by {@code counting}.
   */
  record PassedOn(String traceparent, String tracestate, RequestTelemetry counting)
      implements RequestTelemetry {
    @Override
    public Attempt attempt(String backend, String upstreamModel, String host, int port,
        int resendCount, long startNanos) {
      Attempt counted = counting.attempt(backend, upstreamModel, host, port, resendCount,
          startNanos);
      return new Attempt() {
        @Override
        public void headers(BiConsumer<String, String> put) {
          put.accept(TRACEPARENT, traceparent);
          if (tracestate != null) {
            put.accept(TRACESTATE, tracestate);
          }
        }

        @Override
        public void end(int status, String outcome, long endNanos) {
          counted.end(status, outcome, endNanos);
        }
      };
    }
  }
}
