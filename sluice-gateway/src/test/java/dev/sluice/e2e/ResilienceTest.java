package dev.sluice.e2e;

import static dev.sluice.e2e.GatewayHarness.chatBody;
import static dev.sluice.e2e.GatewayHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.testkit.FakeProvider;
import dev.sluice.testkit.FakeResponse;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Circuit breakers, maxConcurrent and the retry budget as a client and an operator see them:
 * which backend answers, how many attempts were made, what reached each provider, and what
 * {@code /admin/backends} says. Each test has backends of its own, since circuits outlive tests.
 */
class ResilienceTest {
  static final String ADMIN = "admin-token-0123456789abcdef";
  static FakeProvider flaky;
  static FakeProvider steady;
  static FakeProvider lonely;
  static FakeProvider picky;
  static FakeProvider slow;
  static FakeProvider down;
  static GatewayHarness gateway;

  @BeforeAll
  static void start() {
    flaky = FakeProvider.start();
    steady = FakeProvider.start();
    lonely = FakeProvider.start();
    picky = FakeProvider.start();
    slow = FakeProvider.start();
    down = FakeProvider.start();
    gateway = GatewayHarness.start("""
        admin: { token: "${ADMIN}" }
        backends:
          - { name: flaky, type: openai-compatible, url: "${FLAKY}",
              circuitBreaker: { consecutiveFailures: 3, openFor: 1s, halfOpenProbes: 1 } }
          - { name: steady, type: openai-compatible, url: "${STEADY}" }
          - { name: lonely, type: openai-compatible, url: "${LONELY}",
              circuitBreaker: { consecutiveFailures: 2, openFor: 1m } }
          - { name: picky, type: openai-compatible, url: "${PICKY}",
              circuitBreaker: { consecutiveFailures: 2, openFor: 1m } }
          - { name: slow, type: openai-compatible, url: "${SLOW}", maxConcurrent: 1 }
          - { name: down, type: openai-compatible, url: "${DOWN}" }
        routes:
          - name: breaker
            match: { models: [m-breaker] }
            targets: [ { backend: flaky }, { backend: steady, priority: 1 } ]
            retry: { maxAttempts: 1 }
          - name: alone
            match: { models: [m-alone] }
            targets: [ { backend: lonely } ]
            retry: { maxAttempts: 1 }
          - name: client-errors
            match: { models: [m-picky] }
            targets: [ { backend: picky } ]
          - name: capacity
            match: { models: [m-capacity] }
            targets: [ { backend: slow }, { backend: steady, priority: 1 } ]
          - name: capacity-only
            match: { models: [m-capacity-only] }
            targets: [ { backend: slow } ]
          - name: budgeted
            match: { models: [m-budget] }
            targets: [ { backend: down } ]
            retry: { maxAttempts: 3, backoff: { initial: 1ms, max: 2ms },
                     budget: { percent: 10%, window: 1m, minPerSecond: 0 } }
        keys:
          - { id: alice, key: "${KEY}", owner: alice }
        """, GatewayHarness.env("FLAKY", flaky.baseUrl(), "STEADY", steady.baseUrl(),
        "LONELY", lonely.baseUrl(), "PICKY", picky.baseUrl(), "SLOW", slow.baseUrl(),
        "DOWN", down.baseUrl(), "ADMIN", ADMIN, "KEY", GatewayHarness.KEY));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    for (FakeProvider fake : new FakeProvider[] {flaky, steady, lonely, picky, slow, down}) {
      fake.close();
    }
  }

  static JsonNode backend(String name) {
    HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + gateway.adminPort() + "/admin/backends"))
        .header("authorization", "Bearer " + ADMIN).GET().build());
    return StreamSupport.stream(json(response.body()).path("backends").spliterator(), false)
        .filter(node -> node.path("name").asText().equals(name)).findFirst().orElseThrow();
  }

  static FakeResponse unavailable() {
    return FakeResponse.error(503, "server_error", "overloaded");
  }

  @Test
  void anOpenCircuitIsSkippedUntilAProbeFindsTheBackendWell() throws Exception {
    flaky.setDefault(unavailable());
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> response = gateway.chat(chatBody("m-breaker", "hi"));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("x-sluice-attempts")).hasValue("2");
    }
    assertThat(backend("flaky").path("circuit").asText()).isEqualTo("open");
    assertThat(circuitGauge("flaky")).isEqualTo(1);

    for (int i = 0; i < 5; i++) {
      HttpResponse<String> response = gateway.chat(chatBody("m-breaker", "hi"));
      assertThat(response.headers().firstValue("x-sluice-backend")).hasValue("steady");
      assertThat(response.headers().firstValue("x-sluice-attempts")).hasValue("1");
    }
    assertThat(flaky.requestCount()).as("an open circuit sends nothing").isEqualTo(3);

    flaky.setDefault(FakeResponse.chatCompletion("m-breaker", "back", 1, 1));
    Thread.sleep(1_100); // openFor
    HttpResponse<String> probe = gateway.chat(chatBody("m-breaker", "hi"));

    assertThat(probe.headers().firstValue("x-sluice-backend")).hasValue("flaky");
    JsonNode state = backend("flaky");
    assertThat(state.path("circuit").asText()).isEqualTo("closed");
    assertThat(state.path("circuitOpened").asLong()).isEqualTo(1);
    assertThat(circuitGauge("flaky")).isZero();
  }

  /** {@code sluice_circuit_state{backend}} as {@code /metrics} shows it. */
  static double circuitGauge(String backend) {
    return PrometheusSamples.parse(gateway.adminGet("/metrics").body())
        .value("sluice_circuit_state", java.util.Map.of("backend", backend));
  }

  @Test
  void whenEveryCircuitIsOpenTheAnswerIsA503AtOnce() {
    lonely.setDefault(unavailable());
    assertThat(gateway.chat(chatBody("m-alone", "hi")).statusCode()).isEqualTo(502);
    assertThat(gateway.chat(chatBody("m-alone", "hi")).statusCode()).isEqualTo(502);

    HttpResponse<String> refused = gateway.chat(chatBody("m-alone", "hi"));

    assertThat(refused.statusCode()).isEqualTo(503);
    JsonNode error = json(refused.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("no_healthy_backend");
    assertThat(error.path("message").asText()).contains("lonely").contains("circuit open");
    assertThat(lonely.requestCount()).isEqualTo(2);
  }

  @Test
  void clientErrorsDoNotOpenTheCircuit() {
    picky.setDefault(FakeResponse.error(400, "invalid_request_error", "bad temperature"));
    for (int i = 0; i < 5; i++) {
      assertThat(gateway.chat(chatBody("m-picky", "hi")).statusCode()).isEqualTo(400);
    }

    assertThat(picky.requestCount()).isEqualTo(5);
    assertThat(backend("picky").path("circuit").asText()).isEqualTo("closed");
  }

  @Test
  void overMaxConcurrentTheNextTargetServesAndWithoutOneA503ComesQuickly() {
    slow.setDefault(FakeResponse.chatCompletion("m-capacity", "slowly", 1, 1)
        .withDelay(Duration.ofMillis(1_500)));
    CompletableFuture<HttpResponse<String>> first =
        CompletableFuture.supplyAsync(() -> gateway.chat(chatBody("m-capacity", "hi")));
    slow.awaitRequests(1, Duration.ofSeconds(5));

    HttpResponse<String> second = gateway.chat(chatBody("m-capacity", "hi"));
    long started = System.nanoTime();
    HttpResponse<String> third = gateway.chat(chatBody("m-capacity-only", "hi"));
    long thirdMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.headers().firstValue("x-sluice-backend")).hasValue("steady");
    assertThat(third.statusCode()).isEqualTo(503);
    assertThat(json(third.body()).path("error").path("message").asText()).contains("maxConcurrent");
    assertThat(thirdMillis).as("shed, not queued behind the slow answer").isLessThan(1_000);
    assertThat(first.join().headers().firstValue("x-sluice-backend")).hasValue("slow");
    assertThat(slow.requestCount()).isEqualTo(1);
    assertThat(backend("slow").path("shed").asLong()).isEqualTo(2);
  }

  @Test
  void theRetryBudgetCapsRetriesDuringAnOutage() {
    down.setDefault(unavailable());
    for (int i = 0; i < 10; i++) {
      assertThat(gateway.chat(chatBody("m-budget", "hi")).statusCode()).isEqualTo(502);
    }

    // Without the budget: 10 requests x 3 attempts. With 10% of 10 requests: one retry.
    assertThat(down.requestCount()).isEqualTo(11);
  }
}
