package dev.sluice.observe;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * The SDK's trace-id ratio sampler, with a ratio that a configuration reload may change
 * ({@code otlp.sampleRatio}): the sampler is fixed when the tracer provider is built, so it
 * delegates to an immutable ratio sampler swapped as a whole. Spans started after the swap
 * follow the new ratio; a span already started keeps its decision.
 */
final class ReloadableRatioSampler implements Sampler {
  private volatile Sampler ratio;

  ReloadableRatioSampler(double ratio) {
    set(ratio);
  }

  void set(double ratio) {
    this.ratio = Sampler.traceIdRatioBased(ratio);
  }

  @Override
  public SamplingResult shouldSample(Context parentContext, String traceId, String name,
      SpanKind spanKind, Attributes attributes, List<LinkData> parentLinks) {
    return ratio.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
  }

  @Override
  public String getDescription() {
    return "Reloadable{" + ratio.getDescription() + "}";
  }
}
