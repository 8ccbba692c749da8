package dev.sluice.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeferredMetricExporterTest {
  private static MetricExporter otlp() {
    return OtlpHttpMetricExporter.builder().setEndpoint("http://127.0.0.1:9/v1/metrics")
        .setMemoryMode(MemoryMode.REUSABLE_DATA).build();
  }

  @Test
  void answersTheReaderAsTheBuiltExporterWould() {
    MetricExporter built = otlp();
    DeferredMetricExporter deferred = new DeferredMetricExporter(DeferredMetricExporterTest::otlp);
    for (InstrumentType type : InstrumentType.values()) {
      assertThat(deferred.getAggregationTemporality(type))
          .as(type.name()).isEqualTo(built.getAggregationTemporality(type));
      assertThat(deferred.getDefaultAggregation(type).toString())
          .as(type.name()).isEqualTo(built.getDefaultAggregation(type).toString());
    }
    assertThat(deferred.getMemoryMode()).isEqualTo(built.getMemoryMode());
    built.shutdown().join(1, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void buildsOnceAtTheFirstExportAndNotForAStopWithoutOne() {
    AtomicInteger builds = new AtomicInteger();
    DeferredMetricExporter unused = new DeferredMetricExporter(() -> {
      builds.incrementAndGet();
      return otlp();
    });
    unused.getAggregationTemporality(InstrumentType.COUNTER);
    assertThat(unused.flush().isSuccess()).isTrue();
    assertThat(unused.shutdown().isSuccess()).isTrue();
    assertThat(builds).hasValue(0);

    DeferredMetricExporter used = new DeferredMetricExporter(() -> {
      builds.incrementAndGet();
      return otlp();
    });
    used.export(List.of());
    used.export(List.of());
    assertThat(builds).hasValue(1);
    used.shutdown().join(1, java.util.concurrent.TimeUnit.SECONDS);
  }
}
