package dev.sluice.observe;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.util.List;

/**
 * One reader registered with the SDK on behalf of several that read the same cumulative sums:
 * the Prometheus scrape and the OTLP push. The SDK keeps a storage per registered reader and
 * records every measurement into each (0.79 µs a request with two, 0.42 with one, measured on the
 * request path); with one registration each measurement is recorded once, and each consumer
 * collects from it when it wants.
 *
 * <p>Both consumers must read cumulative temporality (Prometheus always does; the OTLP push is
 * built cumulative). Collections may overlap (a scrape during a push), so the data is immutable:
 * every collection builds its own, which costs once per scrape or push, not per measurement.
 */
final class SharedMetricReader implements MetricReader {
  private final List<MetricReader> consumers;

  /** @param consumers readers of cumulative temporality only ({@link #canShare}) */
  SharedMetricReader(List<MetricReader> consumers) {
    if (!consumers.stream().allMatch(SharedMetricReader::canShare)) {
      throw new IllegalArgumentException("not every reader of " + consumers + " reads cumulative sums");
    }
    this.consumers = List.copyOf(consumers);
  }

  /** Whether {@code reader} reads every instrument as cumulative sums, so it can share. */
  static boolean canShare(MetricReader reader) {
    for (InstrumentType type : InstrumentType.values()) {
      if (reader.getAggregationTemporality(type) != AggregationTemporality.CUMULATIVE) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void register(CollectionRegistration registration) {
    for (MetricReader consumer : consumers) {
      consumer.register(registration);
    }
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return AggregationTemporality.CUMULATIVE;
  }

  @Override
  public MemoryMode getMemoryMode() {
    return MemoryMode.IMMUTABLE_DATA;
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofAll(consumers.stream().map(MetricReader::forceFlush).toList());
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofAll(consumers.stream().map(MetricReader::shutdown).toList());
  }

  @Override
  public String toString() {
    return "SharedMetricReader" + consumers;
  }
}
