package dev.sluice.observe;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * A metric exporter built when it first exports, on the periodic reader's thread, not at start:
 * the OTLP/HTTP one sets up the JDK's HTTP client and its TLS defaults (~40-60 ms of CPU), which
 * at start delays the first answer and nothing needs before the first push, one interval later.
 * What the reader asks before then (temporality, aggregation, memory mode) is answered with what
 * the built exporter is configured to say: cumulative, the default aggregation, reusable data.
 */
final class DeferredMetricExporter implements MetricExporter {
  private final Supplier<MetricExporter> build;
  private MetricExporter built; // guarded by this

  DeferredMetricExporter(Supplier<MetricExporter> build) {
    this.build = build;
  }

  private synchronized MetricExporter exporter() {
    if (built == null) {
      built = build.get();
    }
    return built;
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return AggregationTemporality.CUMULATIVE;
  }

  @Override
  public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
    return Aggregation.defaultAggregation();
  }

  @Override
  public MemoryMode getMemoryMode() {
    return MemoryMode.REUSABLE_DATA;
  }

  @Override
  public CompletableResultCode export(Collection<MetricData> metrics) {
    return exporter().export(metrics);
  }

  @Override
  public CompletableResultCode flush() {
    MetricExporter exporter = builtIfAny();
    return exporter == null ? CompletableResultCode.ofSuccess() : exporter.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    MetricExporter exporter = builtIfAny();
    return exporter == null ? CompletableResultCode.ofSuccess() : exporter.shutdown();
  }

  /** The exporter if an export built it; null when nothing was ever sent. */
  private synchronized MetricExporter builtIfAny() {
    return built;
  }
}
