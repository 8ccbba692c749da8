package dev.sluice.e2e;

import static dev.sluice.e2e.GatewayHarness.chatBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.FakeProvider;
import dev.sluice.testkit.FakeResponse;
import dev.sluice.testkit.OtlpReceiver;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code observability.otlp.headers}: a collector that requires a bearer token (and a tenant
 * header) accepts both exports, traces and metrics, because each request carries them.
 */
class OtlpHeadersTest {
  static final String TOKEN = "collector-token-3f9a";
  static FakeProvider provider;
  static OtlpReceiver collector;
  static GatewayHarness gateway;

  @BeforeAll
  static void start() {
    provider = FakeProvider.start();
    collector = OtlpReceiver.start(Map.of("authorization", "Bearer " + TOKEN, "x-scope-orgid", "team-a"));
    gateway = GatewayHarness.start("otlp: { endpoint: \"${COLLECTOR}\", metricsInterval: 1s,"
        + " headers: { Authorization: \"Bearer ${COLLECTOR_TOKEN}\", X-Scope-OrgID: team-a } }", """
        backends:
          - { name: primary, type: openai, url: "${PRIMARY}", apiKey: upstream-secret }
        routes:
          - { name: all, match: { models: ["*"] }, targets: [ { backend: primary } ] }
        keys:
          - { id: alice, key: "${KEY}", owner: alice }
        """, GatewayHarness.env("PRIMARY", provider.baseUrl(), "COLLECTOR", collector.baseUrl(),
            "COLLECTOR_TOKEN", TOKEN, "KEY", GatewayHarness.KEY), null);
  }

  @AfterAll
  static void stop() {
    gateway.close();
    collector.close();
    provider.close();
  }

  @Test
  void tracesAndMetricsCarryTheConfiguredHeaders() {
    provider.enqueue(FakeResponse.chatCompletion("gpt-auth", "hi", 3, 1));
    assertThat(gateway.chat(chatBody("gpt-auth", "hi")).statusCode()).isEqualTo(200);

    // A request without the headers is refused (401), so receiving these proves they were sent.
    collector.awaitSpan(s -> s.name().equals("chat gpt-auth"), Duration.ofSeconds(15));
    collector.awaitMetric("sluice.requests", Duration.ofSeconds(15));
    assertThat(collector.rejected()).isEmpty();
    assertThat(collector.headers("/v1/traces", "authorization")).isNotEmpty()
        .containsOnly("Bearer " + TOKEN);
    assertThat(collector.headers("/v1/metrics", "x-scope-orgid")).isNotEmpty().containsOnly("team-a");
  }
}
