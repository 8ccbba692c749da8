package dev.sluice.e2e;

import static dev.sluice.e2e.GatewayHarness.chatBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.testkit.FakeProvider;
import dev.sluice.testkit.FakeResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One access-log record per request with every SPEC §5 field. */
class AccessLogTest {
  static final List<String> FIELDS = List.of("ts", "request_id", "key_id", "owner", "team", "project",
      "agent", "endpoint", "model", "backend", "upstream_model", "status", "error_code", "stream",
      "attempts", "input_tokens", "output_tokens", "cached_input_tokens", "cost_usd", "latency_ms",
      "ttft_ms", "upstream_latency_ms", "route");

  static FakeProvider provider;
  static GatewayHarness gateway;

  @BeforeAll
  static void start() {
    provider = FakeProvider.start();
    gateway = GatewayHarness.start("""
        backends:
          - { name: primary, type: openai, url: "${PRIMARY}", apiKey: upstream-secret-xyz }
        routes:
          - { name: gpt, match: { models: ["gpt-*"] }, targets: [ { backend: primary, model: gpt-4o-2024-08-06 } ] }
        teams:
          - { name: research, projects: [ { name: search } ] }
        keys:
          - { id: alice-laptop, key: "${KEY}", owner: alice, team: research, project: search }
        """, GatewayHarness.env("PRIMARY", provider.baseUrl(), "KEY", GatewayHarness.KEY));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    provider.close();
  }

  @Test
  void recordCarriesEveryFieldForAProxiedRequest() {
    provider.enqueue(FakeResponse.json(200, """
        {"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o-2024-08-06",
         "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":120,"completion_tokens":30,"total_tokens":150,
                  "prompt_tokens_details":{"cached_tokens":100}}}
        """));
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    gateway.chat(chatBody("gpt-4o", "hi"), "x-request-id", "log-1", "x-sluice-agent", "planner");

    JsonNode record = gateway.accessRecords(1).stream()
        .filter(r -> r.path("request_id").asText().equals("log-1")).findFirst().orElseThrow();
    assertThat(record.fieldNames()).toIterable().containsExactlyElementsOf(FIELDS);
    assertThat(Instant.parse(record.path("ts").asText())).isBetween(before, Instant.now());
    assertThat(record.path("key_id").asText()).isEqualTo("alice-laptop");
    assertThat(record.path("owner").asText()).isEqualTo("alice");
    assertThat(record.path("team").asText()).isEqualTo("research");
    assertThat(record.path("project").asText()).isEqualTo("search");
    assertThat(record.path("agent").asText()).isEqualTo("planner");
    assertThat(record.path("endpoint").asText()).isEqualTo("chat");
    assertThat(record.path("model").asText()).isEqualTo("gpt-4o");
    assertThat(record.path("backend").asText()).isEqualTo("primary");
    assertThat(record.path("upstream_model").asText()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(record.path("status").asInt()).isEqualTo(200);
    assertThat(record.path("error_code").isNull()).isTrue();
    assertThat(record.path("stream").asBoolean()).isFalse();
    assertThat(record.path("attempts").asInt()).isEqualTo(1);
    assertThat(record.path("input_tokens").asLong()).isEqualTo(120);
    assertThat(record.path("output_tokens").asLong()).isEqualTo(30);
    assertThat(record.path("cached_input_tokens").asLong()).isEqualTo(100);
    // gpt-4o list price: 20 × $2.50/M + 100 cached × $1.25/M + 30 × $10/M
    assertThat(record.path("cost_usd").decimalValue()).isEqualByComparingTo("0.000475");
    assertThat(record.path("latency_ms").asDouble()).isPositive();
    assertThat(record.path("upstream_latency_ms").asDouble()).isPositive()
        .isLessThanOrEqualTo(record.path("latency_ms").asDouble());
    assertThat(record.path("ttft_ms").isNull()).isTrue(); // not a stream
    assertThat(record.path("route").asText()).isEqualTo("gpt");
  }

  @Test
  void eachRequestIsLoggedExactlyOnce() {
    int before = gateway.accessRecords(0).size();
    for (int i = 0; i < 20; i++) {
      gateway.chat(chatBody(i % 2 == 0 ? "gpt-4o" : "nope", "hi"), "x-request-id", "once-" + i);
    }

    List<JsonNode> records = gateway.accessRecords(before + 20);
    for (int i = 0; i < 20; i++) {
      String id = "once-" + i;
      assertThat(records.stream().filter(r -> r.path("request_id").asText().equals(id))).hasSize(1);
    }
  }
}
