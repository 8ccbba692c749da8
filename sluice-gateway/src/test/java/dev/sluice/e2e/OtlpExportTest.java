package dev.sluice.e2e;

import static dev.sluice.e2e.GatewayHarness.chatBody;
import static dev.sluice.e2e.GatewayHarness.streamBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.FakeProvider;
import dev.sluice.testkit.FakeResponse;
import dev.sluice.testkit.OtlpReceiver;
import dev.sluice.testkit.ReceivedSpan;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The configured exporters end to end: spans batched and metrics pushed over OTLP/HTTP to a real
 * receiver that decodes the protobuf, as a collector would.
 */
class OtlpExportTest {
  static FakeProvider provider;
  static OtlpReceiver collector;
  static GatewayHarness gateway;

  @BeforeAll
  static void start() {
    provider = FakeProvider.start();
    collector = OtlpReceiver.start();
    gateway = GatewayHarness.start(
        "otlp: { endpoint: \"${COLLECTOR}\", metricsInterval: 1s }, serviceName: sluice-e2e", """
        backends:
          - { name: primary, type: openai, url: "${PRIMARY}", apiKey: upstream-secret }
        routes:
          - { name: all, match: { models: ["*"] }, targets: [ { backend: primary } ] }
        teams: [ { name: research } ]
        keys:
          - { id: alice, key: "${KEY}", owner: alice, team: research }
        """, GatewayHarness.env("PRIMARY", provider.baseUrl(), "COLLECTOR", collector.baseUrl(),
            "KEY", GatewayHarness.KEY), null);
  }

  @AfterAll
  static void stop() {
    gateway.close();
    collector.close();
    provider.close();
  }

  @Test
  void exportsTheRequestSpanAndItsAttemptOverOtlp() {
    provider.enqueue(FakeResponse.chatStream("gpt-otlp", List.of("one", " two"), true, 7, 2));
    assertThat(gateway.chat(streamBody("gpt-otlp", "hi"), "traceparent",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").statusCode()).isEqualTo(200);

    ReceivedSpan server = collector.awaitSpan(s -> s.name().equals("chat gpt-otlp")
        && s.kind().equals("SPAN_KIND_SERVER"), Duration.ofSeconds(15));
    assertThat(server.serviceName()).isEqualTo("sluice-e2e");
    assertThat(server.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(server.parentSpanId()).isEqualTo("b7ad6b7169203331");
    assertThat(server.attributes()).containsAllEntriesOf(Map.of(
        "gen_ai.operation.name", "chat",
        "gen_ai.provider.name", "openai",
        "gen_ai.usage.input_tokens", 7L,
        "gen_ai.usage.output_tokens", 2L,
        "gen_ai.request.stream", true,
        "sluice.team", "research",
        "sluice.key_id", "alice"));
    ReceivedSpan attempt = collector.awaitSpan(s -> s.kind().equals("SPAN_KIND_CLIENT")
        && s.traceId().equals(server.traceId()), Duration.ofSeconds(15));
    assertThat(attempt.parentSpanId()).isEqualTo(server.spanId());
    assertThat(attempt.attributes()).containsEntry("http.response.status_code", 200L);
    assertThat(provider.requests()).extracting(r -> r.header("traceparent"))
        .contains("00-0af7651916cd43dd8448eb211c80319c-" + attempt.spanId() + "-01");
    assertThat(collector.rejected()).isEmpty();
  }

  @Test
  void aStoppingGatewaySendsTheSpansItStillHolds() {
    OtlpReceiver own = OtlpReceiver.start();
    GatewayHarness stopping = GatewayHarness.start(
        "otlp: { endpoint: \"${COLLECTOR}\", metrics: false }", """
        backends:
          - { name: primary, type: openai, url: "${PRIMARY}", apiKey: upstream-secret }
        routes:
          - { name: all, match: { models: ["*"] }, targets: [ { backend: primary } ] }
        keys:
          - { id: bob, key: "${KEY}", owner: bob }
        """, GatewayHarness.env("PRIMARY", provider.baseUrl(), "COLLECTOR", own.baseUrl(),
            "KEY", GatewayHarness.KEY), null);
    try {
      provider.enqueue(FakeResponse.chatCompletion("gpt-last", "bye", 3, 1));
      assertThat(stopping.chat(chatBody("gpt-last", "hi")).statusCode()).isEqualTo(200);
      stopping.close(); // well before the next scheduled export

      assertThat(own.spans()).extracting(ReceivedSpan::name).contains("chat gpt-last");
      assertThat(own.spans()).extracting(ReceivedSpan::kind)
          .containsExactlyInAnyOrder("SPAN_KIND_SERVER", "SPAN_KIND_CLIENT");
    } finally {
      own.close();
    }
  }

  @Test
  void pushesTheGenAiMetricsOverOtlp() {
    provider.enqueue(FakeResponse.chatStream("gpt-metrics", List.of("a", "b", "c"), true, 11, 3));
    assertThat(gateway.chat(streamBody("gpt-metrics", "hi")).statusCode()).isEqualTo(200);

    Metric tokens = collector.awaitMetric("gen_ai.client.token.usage", Duration.ofSeconds(15));
    assertThat(tokens.getUnit()).isEqualTo("{token}");
    HistogramDataPoint output = tokens.getHistogram().getDataPointsList().stream()
        .filter(p -> Map.of("gen_ai.token.type", "output", "gen_ai.request.model", "gpt-metrics").entrySet()
            .stream().allMatch(e -> e.getValue().equals(OtlpReceiver.attributes(p.getAttributesList()).get(e.getKey()))))
        .findFirst().orElseThrow();
    assertThat(output.getSum()).isEqualTo(3.0);
    assertThat(output.getExplicitBoundsList()).startsWith(1.0, 4.0, 16.0, 64.0);
    assertThat(OtlpReceiver.attributes(output.getAttributesList()))
        .containsEntry("team", "research").containsEntry("backend", "primary");
    assertThat(collector.awaitMetric("gen_ai.server.time_to_first_token", Duration.ofSeconds(15))
        .getHistogram().getDataPointsList()).isNotEmpty();
    assertThat(collector.rejected()).isEmpty();
  }
}
