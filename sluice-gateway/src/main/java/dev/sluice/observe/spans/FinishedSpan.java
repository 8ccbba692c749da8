package dev.sluice.observe.spans;

/**
 * A span as it ended, ready to export: Sluice's two span shapes (a request's SERVER span, an
 * attempt's CLIENT span) need no events or links.
 *
 * @param context this span's trace, id, sampling and {@code tracestate}
 * @param parentSpanId the parent span's id, 0 for a trace's root
 * @param remoteParent whether the parent came from the caller's {@code traceparent}
 * @param attributes owned by this span from now on: nothing writes to them again
 * @param error whether the span's status is ERROR (else UNSET)
 */
public record FinishedSpan(TraceContext context, long parentSpanId, boolean remoteParent,
    String name, Kind kind, long startEpochNanos, long endEpochNanos, SpanAttributes attributes,
    boolean error) {

  /** OTLP's {@code SpanKind} numbers. */
  public enum Kind {
    SERVER(2), CLIENT(3);

    final int otlp;

    Kind(int otlp) {
      this.otlp = otlp;
    }
  }
}
