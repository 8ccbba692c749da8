package dev.sluice.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Prometheus scrape and the OTLP push reading one storage: each sees every measurement once. */
class SharedMetricReaderTest {
  @Test
  void bothConsumersSeeTheSameCumulativeSumsAndNeitherResetsTheOther() {
    PrometheusMetricReader prometheus = PrometheusMetricReader.builder().build();
    InMemoryMetricReader pushed = InMemoryMetricReader.create(); // cumulative, as the OTLP push
    SdkMeterProvider meters = SdkMeterProvider.builder()
        .registerMetricReader(new SharedMetricReader(List.of(prometheus, pushed))).build();
    LongCounter requests = meters.get("test").counterBuilder("requests").build();

    requests.add(3);
    assertThat(pushedSum(pushed)).isEqualTo(3);
    requests.add(4);

    assertThat(scrapedSum(prometheus)).isEqualTo(7); // the push's collection reset nothing
    assertThat(pushedSum(pushed)).isEqualTo(7);
    // Both consumers shut down through the shared reader (a second shutdown call would only
    // report success: the result of the one that did it is asserted).
    assertThat(meters.shutdown().join(5, java.util.concurrent.TimeUnit.SECONDS).isSuccess()).isTrue();
  }

  @Test
  void aDeltaReaderCannotShareAndIsRefused() {
    InMemoryMetricReader delta = InMemoryMetricReader.builder()
        .setAggregationTemporalitySelector(type -> AggregationTemporality.DELTA).build();

    assertThat(SharedMetricReader.canShare(delta)).isFalse();
    assertThat(SharedMetricReader.canShare(InMemoryMetricReader.create())).isTrue();
    assertThatThrownBy(() -> new SharedMetricReader(List.of(PrometheusMetricReader.create(), delta)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cumulative");
  }

  private static long pushedSum(InMemoryMetricReader reader) {
    return reader.collectAllMetrics().stream().filter(m -> m.getName().equals("requests"))
        .map(MetricData::getLongSumData).flatMap(sum -> sum.getPoints().stream())
        .mapToLong(p -> p.getValue()).sum();
  }

  private static double scrapedSum(PrometheusMetricReader reader) {
    return reader.collect().stream().filter(s -> s.getMetadata().getPrometheusName().equals("requests"))
        .flatMap(s -> ((CounterSnapshot) s).getDataPoints().stream())
        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum();
  }
}
