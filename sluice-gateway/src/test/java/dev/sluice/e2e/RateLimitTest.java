package dev.sluice.e2e;

import static dev.sluice.e2e.GatewayHarness.chatBody;
import static dev.sluice.e2e.GatewayHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Endpoint;
import dev.sluice.api.RequestParser;
import dev.sluice.api.TokenCounter;
import dev.sluice.testkit.FakeProvider;
import dev.sluice.testkit.FakeResponse;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stage 2 end to end: access profiles and nested request and token limits. */
class RateLimitTest {
  FakeProvider provider;
  GatewayHarness gateway;

  @BeforeEach
  void start() {
    provider = FakeProvider.start();
    gateway = GatewayHarness.start("""
        backends: [ { name: fake, type: openai-compatible, url: "${FAKE}" } ]
        routes:
          - { name: listed, match: { models: [gpt-4o, gpt-4o-mini, claude-sonnet] }, targets: [ { backend: fake } ] }
          - { name: all, match: { models: ["*"] }, targets: [ { backend: fake } ] }
        estimates: { outputTokens: 100 }
        teams:
          - name: research
            models: ["gpt-4o*", "claude-*"]
            limits: [ { requests: 6, per: 1m } ]
            projects:
              - { name: search, limits: [ { requests: 4, per: 1m } ] }
              - { name: ads }
          - name: metered
            limits: [ { tokens: 1000, per: 1m } ]
        keys:
          - { id: k1, key: sk-test-k1-0123456789, owner: a, team: research, project: search, limits: [ { requests: 2, per: 1m } ] }
          - { id: k2, key: sk-test-k2-0123456789, owner: b, team: research, project: search }
          - { id: k3, key: sk-test-k3-0123456789, owner: c, team: research, project: ads, models: [gpt-4o] }
          - { id: k4, key: sk-test-k4-0123456789, owner: d, team: research, project: ads, models: [gpt-4o-2024-08-06] }
          - { id: tok, key: sk-test-tok-0123456789, owner: d, team: metered }
        """, GatewayHarness.env("FAKE", provider.baseUrl()));
  }

  @AfterEach
  void stop() {
    gateway.close();
    provider.close();
  }

  private HttpResponse<String> chat(String key, String body) {
    return gateway.post("/v1/chat/completions", body, "authorization", "Bearer " + key);
  }

  private List<Integer> statuses(String key, int requests) {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      statuses.add(chat(key, chatBody("gpt-4o", "hi")).statusCode());
    }
    return statuses;
  }

  @Test
  void keyProjectAndTeamLimitsEachBindInTurn() {
    assertThat(statuses("sk-test-k1-0123456789", 3)).containsExactly(200, 200, 429); // key: 2
    assertThat(statuses("sk-test-k2-0123456789", 3)).containsExactly(200, 200, 429); // project: 4
    assertThat(statuses("sk-test-k3-0123456789", 3)).containsExactly(200, 200, 429); // team: 6

    HttpResponse<String> refused = chat("sk-test-k3-0123456789", chatBody("gpt-4o", "hi"));
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(json(refused.body()).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
    assertThat(json(refused.body()).at("/error/type").asText()).isEqualTo("rate_limit_error");
    assertThat(json(refused.body()).at("/error/message").asText()).contains("team 'research'");
    assertThat(refused.headers().firstValue("retry-after")).hasValueSatisfying(
        seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
    assertThat(provider.requestCount()).isEqualTo(6); // refused requests never reach a provider
  }

  @Test
  void refusalsNamesTheBindingScope() {
    statuses("sk-test-k1-0123456789", 2);
    HttpResponse<String> keyRefusal = chat("sk-test-k1-0123456789", chatBody("gpt-4o", "hi"));
    statuses("sk-test-k2-0123456789", 2);
    HttpResponse<String> projectRefusal = chat("sk-test-k2-0123456789", chatBody("gpt-4o", "hi"));

    assertThat(json(keyRefusal.body()).at("/error/message").asText()).contains("key 'k1'");
    assertThat(json(projectRefusal.body()).at("/error/message").asText())
        .contains("project 'research/search'");
  }

  @Test
  void everyAnswerCarriesTheTightestLimitInOpenAiHeaders() {
    HttpResponse<String> response = chat("sk-test-k1-0123456789", chatBody("gpt-4o", "hi"));

    assertThat(response.headers().firstValue("x-ratelimit-limit-requests")).hasValue("2");
    assertThat(response.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("1");
    assertThat(response.headers().firstValue("x-ratelimit-reset-requests")).hasValue("30s");
  }

  @Test
  void modelOutsideTheAccessProfileIs403AndTheListShowsOnlyAllowedModels() {
    HttpResponse<String> refused = chat("sk-test-k3-0123456789", chatBody("gpt-4o-mini", "hi"));
    HttpResponse<String> models = gateway.get("/v1/models", "authorization", "Bearer sk-test-k3-0123456789");
    HttpResponse<String> teamModels = gateway.get("/v1/models", "authorization", "Bearer sk-test-k2-0123456789");

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(json(refused.body()).at("/error/code").asText()).isEqualTo("model_not_allowed");
    assertThat(json(refused.body()).at("/error/type").asText()).isEqualTo("permission_error");
    assertThat(json(models.body()).findValuesAsText("id")).containsExactly("gpt-4o");
    assertThat(json(teamModels.body()).findValuesAsText("id"))
        .containsExactly("gpt-4o", "gpt-4o-mini", "claude-sonnet");
    // A model only the catch-all route serves is listed when the key names it.
    HttpResponse<String> named = gateway.get("/v1/models", "authorization", "Bearer sk-test-k4-0123456789");
    assertThat(json(named.body()).findValuesAsText("id")).containsExactly("gpt-4o-2024-08-06");
  }

  @Test
  void tokenLimitsReserveAnEstimateAndSettleToTheReportedUsage() throws Exception {
    provider.setDefault(FakeResponse.chatCompletion("gpt-4o", "ok", 11, 6)); // 17 tokens used
    String body = chatBody("gpt-4o", "hello there");
    long estimate = TokenCounter.estimatePrompt(
        RequestParser.parse(Endpoint.CHAT, body.getBytes(StandardCharsets.UTF_8))) + 100;

    HttpResponse<String> first = chat("sk-test-tok-0123456789", body);
    HttpResponse<String> second = chat("sk-test-tok-0123456789", body);

    // The first answer's header is taken with its own estimate still reserved ...
    assertThat(Long.parseLong(first.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow()))
        .isBetween(1000 - estimate - 1, 1000 - estimate);
    // ... by the second, the first was settled to its 17 real tokens.
    assertThat(Long.parseLong(second.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow()))
        .isBetween(1000 - 17 - estimate - 1, 1000 - 17 - estimate + 1);
  }

  @Test
  void aRequestLargerThanTheTokenLimitIsRefusedOutright() {
    HttpResponse<String> refused = chat("sk-test-tok-0123456789",
        "{\"model\":\"gpt-4o\",\"max_tokens\":5000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(json(refused.body()).at("/error/message").asText()).contains("Request too large");
    assertThat(provider.requestCount()).isZero();
  }
}
