package dev.sluice.e2e;

import static dev.sluice.e2e.GatewayHarness.chatBody;
import static dev.sluice.e2e.GatewayHarness.json;
import static dev.sluice.e2e.GatewayHarness.streamBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.testkit.FakeProvider;
import dev.sluice.testkit.FakeResponse;
import dev.sluice.testkit.RecordedRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The data plane over raw HTTP: routing, retries, failover, timeouts and the headers users see. */
class ProxyTest {
  static FakeProvider primary;
  static FakeProvider secondary;
  static GatewayHarness gateway;

  @BeforeAll
  static void start() throws IOException {
    primary = FakeProvider.start();
    secondary = FakeProvider.start();
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort(); // closed again: connecting to it is refused
    }
    gateway = GatewayHarness.start("""
        backends:
          - { name: primary, type: openai-compatible, url: "${PRIMARY}", apiKey: upstream-secret-1,
              timeouts: { connect: 1s, firstByte: 500ms, idle: 500ms } }
          - { name: secondary, type: openai-compatible, url: "${SECONDARY}", apiKey: upstream-secret-2,
              timeouts: { connect: 1s, firstByte: 500ms, idle: 500ms } }
          - { name: dead, type: openai-compatible, url: "http://127.0.0.1:${DEAD_PORT}" }
        routes:
          - name: failover
            match: { models: [gpt-failover] }
            targets: [ { backend: primary }, { backend: secondary, priority: 1 } ]
            retry: { maxAttempts: 3, backoff: { initial: 60ms, max: 400ms, multiplier: 2, jitter: none } }
            timeout: 5s
          - name: split
            match: { models: [gpt-split] }
            targets: [ { backend: primary, weight: 3 }, { backend: secondary, weight: 1 } ]
          - name: dead-first
            match: { models: [gpt-dead] }
            targets: [ { backend: dead }, { backend: primary, priority: 1 } ]
            retry: { maxAttempts: 1 }
          - name: renamed
            match: { models: ["alias-*"] }
            targets: [ { backend: primary, model: real-model } ]
          - name: short-deadline
            match: { models: [gpt-deadline] }
            targets: [ { backend: primary } ]
            timeout: 300ms
          - name: research-only
            match: { models: [gpt-team], teams: [research] }
            targets: [ { backend: secondary } ]
          - name: prod-header
            match: { models: [gpt-env], headers: { x-env: [prod, production] } }
            targets: [ { backend: secondary } ]
          - name: big-prompts
            match: { models: [gpt-size, gpt-env], promptTokens: { min: 50 } }
            targets: [ { backend: secondary } ]
          - name: default
            match: { models: ["gpt-*"] }
            targets: [ { backend: primary } ]
            retry: { maxAttempts: 1 }
        teams:
          - { name: research, projects: [ { name: search } ] }
        keys:
          - { id: alice, key: "${KEY}", owner: alice, team: research, project: search }
          - { id: bob, key: "sk-test-bob-0123456789", owner: bob }
          - { id: carol-expired, key: "sk-test-carol-0123456789", owner: carol, expiresAt: 2020-01-01T00:00:00Z }
        """, GatewayHarness.env("PRIMARY", primary.baseUrl(), "SECONDARY", secondary.baseUrl(),
            "DEAD_PORT", Integer.toString(deadPort), "KEY", GatewayHarness.KEY));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    primary.close();
    secondary.close();
  }

  @BeforeEach
  void resetFakes() {
    primary.reset();
    secondary.reset();
  }

  @Test
  void answersWithRequestIdBackendAndAttemptHeaders() {
    HttpResponse<String> response = gateway.chat(chatBody("gpt-4o", "hi"), "x-request-id", "trace-123");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-request-id")).hasValue("trace-123");
    assertThat(response.headers().firstValue("x-sluice-backend")).hasValue("primary");
    assertThat(response.headers().firstValue("x-sluice-attempts")).hasValue("1");
    assertThat(json(response.body()).path("object").asText()).isEqualTo("chat.completion");
  }

  @Test
  void generatesRequestIdWhenClientSendsNone() {
    HttpResponse<String> response = gateway.chat(chatBody("gpt-4o", "hi"));

    assertThat(response.headers().firstValue("x-request-id")).hasValueSatisfying(
        id -> assertThat(id).startsWith("req_").hasSizeGreaterThan(20));
  }

  @Test
  void sendsTheBackendsOwnCredentialNeverTheClientKey() {
    gateway.chat(chatBody("gpt-4o", "hi"), "x-api-key", "should-not-travel");

    RecordedRequest upstream = primary.awaitRequests(1, Duration.ofSeconds(5)).getFirst();
    assertThat(upstream.header("authorization")).isEqualTo("Bearer upstream-secret-1");
    assertThat(upstream.header("x-api-key")).isNull();
    assertThat(upstream.path()).isEqualTo("/v1/chat/completions");
  }

  @Test
  void forwardsTheClientBodyUntouchedWhenNothingMustChange() {
    String body = "{\"model\":\"gpt-4o\",\"temperature\":0.2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + "\"response_format\":{\"type\":\"json_object\"},\"seed\":7}";
    gateway.chat(body);

    assertThat(primary.awaitRequests(1, Duration.ofSeconds(5)).getFirst().body()).isEqualTo(body);
  }

  @Test
  void forwardsALargeBodyByteForByte() {
    // ~55 KB (the harness allows 64 KiB): several chunks read into an array of the declared length.
    String body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\""
        + "word ".repeat(11_000) + "\"}]}";
    assertThat(gateway.chat(body).statusCode()).isEqualTo(200);

    RecordedRequest upstream = primary.awaitRequests(1, Duration.ofSeconds(5)).getFirst();
    assertThat(upstream.body()).isEqualTo(body);
    assertThat(upstream.header("content-length")).isEqualTo(Integer.toString(body.length()));
  }

  @Test
  void retriesRetryableStatusWithGrowingBackoff() {
    primary.enqueue(
        FakeResponse.error(503, "server_error", "overloaded"),
        FakeResponse.error(503, "server_error", "overloaded"),
        FakeResponse.chatCompletion("gpt-failover", "finally", 5, 2));

    HttpResponse<String> response = gateway.chat(chatBody("gpt-failover", "hi"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-sluice-attempts")).hasValue("3");
    List<RecordedRequest> attempts = primary.requests();
    assertThat(attempts).hasSize(3);
    long firstGapMs = (attempts.get(1).arrivalNanos() - attempts.get(0).arrivalNanos()) / 1_000_000;
    long secondGapMs = (attempts.get(2).arrivalNanos() - attempts.get(1).arrivalNanos()) / 1_000_000;
    assertThat(firstGapMs).isGreaterThanOrEqualTo(55); // initial 60ms, no jitter
    assertThat(secondGapMs).isGreaterThanOrEqualTo(115).isGreaterThan(firstGapMs); // doubled
  }

  @Test
  void failsOverToTheNextTierAfterMaxAttempts() {
    primary.setDefault(FakeResponse.error(500, "server_error", "boom"));
    secondary.enqueue(FakeResponse.chatCompletion("gpt-failover", "from secondary", 5, 2));

    HttpResponse<String> response = gateway.chat(chatBody("gpt-failover", "hi"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-sluice-backend")).hasValue("secondary");
    assertThat(response.headers().firstValue("x-sluice-attempts")).hasValue("4");
    assertThat(primary.requestCount()).isEqualTo(3);
    assertThat(json(response.body()).at("/choices/0/message/content").asText()).isEqualTo("from secondary");
  }

  @Test
  void retryAfterLongerThanMaxBackoffFailsOverAtOnce() {
    primary.enqueue(FakeResponse.error(429, "rate_limit_error", "slow down").withHeader("Retry-After", "30"));
    long start = System.nanoTime();

    HttpResponse<String> response = gateway.chat(chatBody("gpt-failover", "hi"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-sluice-backend")).hasValue("secondary");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void shortRetryAfterIsWaitedFor() {
    primary.enqueue(FakeResponse.error(429, "rate_limit_error", "slow down").withHeader("Retry-After", "0"),
        FakeResponse.chatCompletion("gpt-failover", "ok", 1, 1));

    HttpResponse<String> response = gateway.chat(chatBody("gpt-failover", "hi"));

    assertThat(response.headers().firstValue("x-sluice-backend")).hasValue("primary");
    assertThat(response.headers().firstValue("x-sluice-attempts")).hasValue("2");
  }

  @Test
  void providerClientErrorIsPassedThroughWithoutRetry() {
    primary.enqueue(FakeResponse.error(400, "invalid_request_error", "temperature must be <= 2"));

    HttpResponse<String> response = gateway.chat(chatBody("gpt-failover", "hi"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response.body()).at("/error/message").asText()).isEqualTo("temperature must be <= 2");
    assertThat(primary.requestCount()).isEqualTo(1);
    assertThat(secondary.requestCount()).isZero();
  }

  @Test
  void aProviderQuotingItsCredentialInAnErrorNeverPassesItOn() {
    // As "Incorrect API key provided: ..." does: the client, and the 502 naming the last
    // failure, get the message without the backend's key.
    primary.respondWith(sent -> FakeResponse.error(401, "invalid_request_error",
        "Incorrect API key provided: " + sent.header("authorization")));
    HttpResponse<String> refused = gateway.chat(chatBody("gpt-4o", "hi"));
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(json(refused.body()).at("/error/message").asText())
        .isEqualTo("Incorrect API key provided: [redacted]");

    primary.respondWith(sent -> FakeResponse.error(500, "server_error",
        "upstream proxy failed; key=" + sent.header("authorization").substring(7)));
    secondary.respondWith(sent -> FakeResponse.error(500, "server_error",
        "upstream proxy failed; key=" + sent.header("authorization").substring(7)));
    HttpResponse<String> failed = gateway.chat(chatBody("gpt-failover", "hi"));
    assertThat(failed.statusCode()).isEqualTo(502);
    assertThat(json(failed.body()).at("/error/message").asText()).contains("key=[redacted]");
    assertThat(refused.body() + failed.body()).doesNotContain("upstream-secret");
  }

  @Test
  void everyTargetFailingIs502NamingTheLastFailure() {
    primary.setDefault(FakeResponse.error(500, "server_error", "primary down"));
    secondary.setDefault(FakeResponse.error(502, "server_error", "secondary down"));

    HttpResponse<String> response = gateway.chat(chatBody("gpt-failover", "hi"));

    assertThat(response.statusCode()).isEqualTo(502);
    JsonNode error = json(response.body()).path("error");
    assertThat(error.path("type").asText()).isEqualTo("upstream_error");
    assertThat(error.path("code").asText()).isEqualTo("upstream_failed");
    assertThat(error.path("message").asText()).contains("secondary").contains("502").contains("secondary down");
    assertThat(response.body()).doesNotContain("upstream-secret");
  }

  @Test
  void connectFailureFailsOverToTheNextTier() {
    HttpResponse<String> response = gateway.chat(chatBody("gpt-dead", "hi"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-sluice-backend")).hasValue("primary");
    assertThat(response.headers().firstValue("x-sluice-attempts")).hasValue("2");
  }

  @Test
  void firstByteTimeoutFailsOver() {
    primary.setDefault(FakeResponse.chatCompletion("gpt-failover", "too late", 1, 1)
        .withDelay(Duration.ofMillis(1500)));

    HttpResponse<String> response = gateway.chat(chatBody("gpt-failover", "hi"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-sluice-backend")).hasValue("secondary");
  }

  @Test
  void routeTotalTimeoutIs504() {
    primary.setDefault(FakeResponse.stall());
    long start = System.nanoTime();

    HttpResponse<String> response = gateway.chat(chatBody("gpt-deadline", "hi"));

    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(json(response.body()).at("/error/code").asText()).isEqualTo("upstream_timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void malformedJsonFromProviderFailsOver() {
    primary.setDefault(FakeResponse.malformedJson(200));

    HttpResponse<String> response = gateway.chat(chatBody("gpt-failover", "hi"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-sluice-backend")).hasValue("secondary");
    assertThat(json(response.body()).path("object").asText()).isEqualTo("chat.completion");
  }

  @Test
  void malformedJsonWithNowhereElseToGoIs502() {
    primary.setDefault(FakeResponse.malformedJson(200));

    HttpResponse<String> response = gateway.chat(chatBody("gpt-4o", "hi"));

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(json(response.body()).at("/error/message").asText()).contains("malformed JSON");
  }

  @Test
  void weightedSplitFollowsTheWeights() {
    int requests = 200;
    for (int i = 0; i < requests; i++) {
      assertThat(gateway.chat(chatBody("gpt-split", "hi")).statusCode()).isEqualTo(200);
    }
    // 3:1 -> 150 expected on primary; the bounds are 5 standard deviations (sd ~ 6.1).
    assertThat(primary.requestCount()).isBetween(120, 180);
    assertThat(primary.requestCount() + secondary.requestCount()).isEqualTo(requests);
  }

  @Test
  void targetModelOverrideIsSentUpstream() {
    gateway.chat("{\"model\":\"alias-fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":1}");

    JsonNode sent = primary.awaitRequests(1, Duration.ofSeconds(5)).getFirst().json();
    assertThat(sent.path("model").asText()).isEqualTo("real-model");
    assertThat(sent.path("n").asInt()).isEqualTo(1);
    assertThat(sent.at("/messages/0/content").asText()).isEqualTo("hi");
  }

  @Test
  void teamConditionRoutesOnlyThatTeamsKeys() {
    HttpResponse<String> alice = gateway.chat(chatBody("gpt-team", "hi"));
    HttpResponse<String> bob = gateway.post("/v1/chat/completions", chatBody("gpt-team", "hi"),
        "authorization", "Bearer sk-test-bob-0123456789");

    assertThat(alice.headers().firstValue("x-sluice-backend")).hasValue("secondary");
    assertThat(bob.headers().firstValue("x-sluice-backend")).hasValue("primary"); // falls to default
  }

  @Test
  void headerConditionMatchesAnyListedValue() {
    HttpResponse<String> prod = gateway.chat(chatBody("gpt-env", "hi"), "x-env", "production");
    HttpResponse<String> dev = gateway.chat(chatBody("gpt-env", "hi"), "x-env", "dev");

    assertThat(prod.headers().firstValue("x-sluice-backend")).hasValue("secondary");
    assertThat(dev.headers().firstValue("x-sluice-backend")).hasValue("primary");
  }

  @Test
  void promptTokenThresholdRoutesLongPrompts() {
    String longPrompt = "the quick brown fox jumps over the lazy dog ".repeat(20);
    HttpResponse<String> big = gateway.chat(chatBody("gpt-size", longPrompt));
    HttpResponse<String> small = gateway.chat(chatBody("gpt-size", "hello"));

    assertThat(big.headers().firstValue("x-sluice-backend")).hasValue("secondary");
    assertThat(small.headers().firstValue("x-sluice-backend")).hasValue("primary");
  }

  @Test
  void embeddingsAreProxied() {
    HttpResponse<String> response = gateway.post("/v1/embeddings",
        "{\"model\":\"gpt-embed\",\"input\":[\"a\",\"b\"]}", "authorization", "Bearer " + GatewayHarness.KEY);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(primary.awaitRequests(1, Duration.ofSeconds(5)).getFirst().path()).isEqualTo("/v1/embeddings");
  }
}
