package dev.sluice.observe;

import dev.sluice.pipeline.RequestHeaders;
import dev.sluice.pipeline.RequestTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.List;
import java.util.function.BiConsumer;

/** W3C trace context ({@code traceparent}, {@code tracestate}) in and out of requests. */
final class TraceHeaders {
  static final String TRACEPARENT = "traceparent";
  static final String TRACESTATE = "tracestate";

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

  private static final TextMapGetter<RequestHeaders> GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(RequestHeaders headers) {
      return List.of(TRACEPARENT, TRACESTATE); // the only ones the W3C propagator reads
    }

    @Override
    public String get(RequestHeaders headers, String key) {
      return headers == null ? null : headers.get(key);
    }
  };

  private static final TextMapSetter<BiConsumer<String, String>> SETTER =
      (put, key, value) -> put.accept(key, value);

  private TraceHeaders() {}

  /** The caller's trace context, or the root context when it sent none (or a malformed one). */
  static Context extract(RequestHeaders headers) {
    return W3C.extract(Context.root(), headers, GETTER);
  }

  static void inject(Context context, BiConsumer<String, String> put) {
    W3C.inject(context, put, SETTER);
  }

  /**
   * Tracing off, and the caller sent a trace context: it goes upstream unchanged, so the
   * provider's spans still join the caller's trace. Attempts are counted by {@code counting}.
   */
  record PassedOn(String traceparent, String tracestate, RequestTelemetry counting)
      implements RequestTelemetry {
    @Override
    public Attempt attempt(String backend, String upstreamModel, String host, int port,
        int resendCount) {
      Attempt counted = counting.attempt(backend, upstreamModel, host, port, resendCount);
      return new Attempt() {
        @Override
        public void headers(BiConsumer<String, String> put) {
          put.accept(TRACEPARENT, traceparent);
          if (tracestate != null) {
            put.accept(TRACESTATE, tracestate);
          }
        }

        @Override
        public void end(int status, String outcome) {
          counted.end(status, outcome);
        }
      };
    }
  }
}
