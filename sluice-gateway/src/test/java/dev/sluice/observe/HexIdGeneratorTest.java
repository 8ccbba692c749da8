package dev.sluice.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HexIdGeneratorTest {
  @Test
  void idsAreValidLowercaseHexAndDistinct() {
    Set<String> spans = new HashSet<>();
    Set<String> traces = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String span = HexIdGenerator.INSTANCE.generateSpanId();
      String trace = HexIdGenerator.INSTANCE.generateTraceId();
      assertThat(SpanId.isValid(span)).as(span).isTrue();
      assertThat(TraceId.isValid(trace)).as(trace).isTrue();
      assertThat(span).matches("[0-9a-f]{16}");
      assertThat(trace).matches("[0-9a-f]{32}");
      spans.add(span);
      traces.add(trace);
    }
    assertThat(spans).hasSize(10_000);
    assertThat(traces).hasSize(10_000);
  }
}
