package dev.sluice.e2e;

import static dev.sluice.e2e.GatewayHarness.chatBody;
import static dev.sluice.e2e.GatewayHarness.streamBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.FakeProvider;
import dev.sluice.testkit.FakeResponse;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} on the admin port, scraped and parsed as Prometheus does. */
class MetricsEndpointTest {
  static FakeProvider provider;
  static GatewayHarness gateway;

  @BeforeAll
  static void start() {
    provider = FakeProvider.start();
    gateway = GatewayHarness.start("""
        admin: { token: admin-token-0123456789 }
        backends:
          - { name: primary, type: openai, url: "${PRIMARY}", apiKey: upstream-secret }
        routes:
          - name: metered
            match: { models: ["gpt-*"] }
            targets: [ { backend: primary } ]
            retry: { maxAttempts: 2, backoff: { initial: 10ms, max: 10ms, jitter: none } }
        pricing: { gpt-metered: { input: 1000, output: 2000 } }
        teams:
          - { name: research, projects: [ { name: search }, { name: maps } ] }
        keys:
          - { id: alice-secret-key-id, key: "${KEY}", owner: alice, team: research, project: search }
          - { id: bob-key-id, key: sk-test-bob-0123456789, owner: bob, team: research, project: maps }
        """, GatewayHarness.env("PRIMARY", provider.baseUrl(), "KEY", GatewayHarness.KEY));
    provider.enqueue(
        FakeResponse.chatCompletion("gpt-metered", "hello", 100, 20),
        FakeResponse.error(503, "server_error", "overloaded"),
        FakeResponse.chatCompletion("gpt-metered", "hello", 10, 5),
        FakeResponse.chatStream("gpt-metered", List.of("a", "b", "c"), true, 8, 4));
    assertThat(gateway.chat(chatBody("gpt-metered", "one")).statusCode()).isEqualTo(200);
    assertThat(gateway.chat(chatBody("gpt-metered", "two")).statusCode()).isEqualTo(200);
    // Another project of the same team: its requests share the team's request series.
    assertThat(gateway.post("/v1/chat/completions", streamBody("gpt-metered", "three"),
        "authorization", "Bearer sk-test-bob-0123456789").statusCode()).isEqualTo(200);
    // A model no route serves: counted, but a client cannot mint label values with it.
    assertThat(gateway.chat(chatBody("made-up-model-12345", "four")).statusCode()).isEqualTo(404);
  }

  @AfterAll
  static void stop() {
    gateway.close();
    provider.close();
  }

  static HttpResponse<String> scrape() {
    return gateway.adminGet("/metrics");
  }

  @Test
  void servesPrometheusTextWithoutTheAdminToken() {
    HttpResponse<String> response = scrape();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
    PrometheusSamples.parse(response.body()); // strict: every line is a comment or a sample
  }

  @Test
  void countsRequestsByStatusBackendTeamAndModel() {
    PrometheusSamples metrics = PrometheusSamples.parse(scrape().body());

    assertThat(metrics.types()).containsEntry("sluice_requests_total", "counter");
    assertThat(metrics.value("sluice_requests_total", Map.of("status", "200", "backend", "primary",
        "team", "research", "model", "gpt-metered"))).isEqualTo(3);
    assertThat(metrics.value("sluice_requests_total", Map.of("status", "404", "model", "_OTHER")))
        .isEqualTo(1);
    assertThat(metrics.value("sluice_upstream_attempts_total",
        Map.of("backend", "primary", "outcome", "success"))).isEqualTo(3);
    assertThat(metrics.value("sluice_upstream_attempts_total",
        Map.of("backend", "primary", "outcome", "http_5xx"))).isEqualTo(1);
    assertThat(metrics.value("sluice_circuit_state", Map.of("backend", "primary"))).isEqualTo(0);
  }

  @Test
  void recordsTokensWithEnvoyAiGatewaysNamesAndBuckets() {
    PrometheusSamples metrics = PrometheusSamples.parse(scrape().body());

    Map<String, String> input = Map.of("gen_ai_token_type", "input", "token_type", "input",
        "gen_ai_request_model", "gpt-metered", "model", "gpt-metered", "team", "research",
        "backend", "primary", "gen_ai_operation_name", "chat", "gen_ai_provider_name", "openai");
    assertThat(metrics.value("gen_ai_client_token_usage_sum", input)).isEqualTo(100 + 10 + 8);
    assertThat(metrics.value("gen_ai_client_token_usage_count", input)).isEqualTo(3);
    // Envoy AI Gateway's token boundaries: 1, 4, 16, 64, 256, ...
    assertThat(metrics.value("gen_ai_client_token_usage_bucket", with(input, "le", "16.0"))).isEqualTo(2);
    assertThat(metrics.value("gen_ai_client_token_usage_bucket", with(input, "le", "64.0"))).isEqualTo(2);
    assertThat(metrics.value("gen_ai_client_token_usage_bucket", with(input, "le", "256.0"))).isEqualTo(3);
    assertThat(metrics.value("gen_ai_client_token_usage_sum",
        Map.of("gen_ai_token_type", "output", "model", "gpt-metered"))).isEqualTo(20 + 5 + 4);

    assertThat(metrics.value("gen_ai_server_request_duration_seconds_count",
        Map.of("model", "gpt-metered", "team", "research"))).isEqualTo(3);
    assertThat(metrics.find("gen_ai_server_request_duration_seconds_bucket", Map.of("model", "gpt-metered"))
        .stream().map(s -> s.labels().get("le")).toList())
        .startsWith("0.01", "0.02", "0.04", "0.08", "0.16");
    assertThat(metrics.value("gen_ai_server_time_to_first_token_seconds_count",
        Map.of("model", "gpt-metered"))).isEqualTo(1); // the one stream
    assertThat(metrics.value("gen_ai_server_time_per_output_token_seconds_count",
        Map.of("model", "gpt-metered"))).isEqualTo(1);
  }

  @Test
  void addsUpSpendByTeamProjectAndModel() {
    PrometheusSamples metrics = PrometheusSamples.parse(scrape().body());

    // (100+10) input x $1000/M + (20+5) output x $2000/M, and bob's stream: 8 in, 4 out
    assertThat(metrics.value("sluice_spend_usd_total",
        Map.of("team", "research", "project", "search", "model", "gpt-metered")))
        .isCloseTo(0.110 + 0.050, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(metrics.value("sluice_spend_usd_total",
        Map.of("team", "research", "project", "maps", "model", "gpt-metered")))
        .isCloseTo(0.008 + 0.008, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void neverLabelsWithKeysOrClientChosenModels() {
    String text = scrape().body();

    assertThat(text).doesNotContain("alice-secret-key-id").doesNotContain("bob-key-id")
        .doesNotContain(GatewayHarness.KEY)
        .doesNotContain("made-up-model-12345").doesNotContain("upstream-secret");
  }

  @Test
  void theGrafanaDashboardQueriesMetricsAndLabelsThatExist() throws java.io.IOException {
    PrometheusSamples metrics = PrometheusSamples.parse(scrape().body());
    java.util.Set<String> names = new java.util.HashSet<>();
    java.util.Set<String> labels = new java.util.HashSet<>(List.of("le"));
    metrics.samples().forEach(s -> {
      names.add(s.name());
      labels.addAll(s.labels().keySet());
    });
    String dashboard = java.nio.file.Files.readString(
        java.nio.file.Path.of("../deploy/grafana/sluice.json"));
    com.fasterxml.jackson.databind.JsonNode panels = GatewayHarness.json(dashboard).path("panels");
    List<String> exprs = new java.util.ArrayList<>();
    panels.forEach(panel -> panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
    assertThat(exprs).hasSizeGreaterThan(10);
    for (String expr : exprs) {
      java.util.regex.Matcher metric = java.util.regex.Pattern.compile("\\b(sluice_\\w+|gen_ai_\\w+)").matcher(expr);
      while (metric.find()) {
        assertThat(names).as(expr).contains(metric.group(1));
      }
      java.util.regex.Matcher by = java.util.regex.Pattern.compile("by \\(([^)]*)\\)").matcher(expr);
      while (by.find()) {
        for (String label : by.group(1).split(",\\s*")) {
          assertThat(labels).as(expr).contains(label.strip());
        }
      }
    }
  }

  @Test
  void metricsCanBeTurnedOff() {
    try (GatewayHarness quiet = GatewayHarness.start("prometheus: false", """
        backends: [ { name: local, type: mock } ]
        routes: [ { name: all, match: { models: ["*"] }, targets: [ { backend: local } ] } ]
        keys: [ { id: alice, key: "${KEY}", owner: alice } ]
        """, GatewayHarness.env("KEY", GatewayHarness.KEY), null)) {
      assertThat(quiet.adminGet("/metrics").statusCode())
          .isEqualTo(404);
    }
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> copy = new java.util.HashMap<>(labels);
    copy.put(key, value);
    return copy;
  }
}
