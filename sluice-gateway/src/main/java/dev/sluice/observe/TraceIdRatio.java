package dev.sluice.observe;

/**
 * Which new traces are recorded ({@code otlp.sampleRatio}), decided from the trace id as the
 * OpenTelemetry SDK's {@code TraceIdRatioBased} sampler decides it (the low 64 bits against a
 * bound), so Sluice and SDK-instrumented services agree on the same trace. A reload may change
 * the ratio; a trace already begun keeps its decision. Traces a caller began follow the caller's
 * sampled flag instead (parent-based sampling).
 */
final class TraceIdRatio {
  private volatile long bound;

  TraceIdRatio(double ratio) {
    set(ratio);
  }

  void set(double ratio) {
    bound = ratio <= 0 ? Long.MIN_VALUE
        : ratio >= 1 ? Long.MAX_VALUE : (long) (ratio * Long.MAX_VALUE);
  }

  boolean sampled(long traceIdLow) {
    long bound = this.bound;
    return bound == Long.MAX_VALUE || Math.abs(traceIdLow) < bound;
  }
}
