package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.Endpoint;
import dev.sluice.api.RequestParser;
import dev.sluice.api.TokenCounter;
import dev.sluice.testkit.FakeProvider;
import dev.sluice.testkit.FakeResponse;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import dev.sluice.store.SqliteLedger;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stage 3 end to end: a budget holds under concurrency, and the spend is what was logged. */
class BudgetTest {
  static final String BODY =
      "{\"model\":\"gpt-4o-mini\",\"max_tokens\":1000,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";

  FakeProvider provider;
  GatewayHarness gateway;
  long promptTokens;

  @BeforeEach
  void start() throws Exception {
    promptTokens = TokenCounter.estimatePrompt(
        RequestParser.parse(Endpoint.CHAT, BODY.getBytes(StandardCharsets.UTF_8)));
    provider = FakeProvider.start();
    // Every answer uses exactly what was estimated, so the budget admits an exact count.
    provider.setDefault(FakeResponse.chatCompletion("gpt-4o-mini", "ok", (int) promptTokens, 1000));
    long costNanos = promptTokens * 150 + 1000 * 600; // gpt-4o-mini list price
    BigDecimal twenty = BigDecimal.valueOf(20 * costNanos, 9);
    gateway = GatewayHarness.start("""
        backends: [ { name: fake, type: openai, url: "${FAKE}", apiKey: sk-upstream } ]
        routes: [ { name: all, targets: [ { backend: fake } ] } ]
        teams: [ { name: t, budget: { usd: %s, per: month } } ]
        keys: [ { id: k, key: sk-test-budget-0123456789, owner: o, team: t } ]
        """.formatted(twenty.toPlainString()), GatewayHarness.env("FAKE", provider.baseUrl()));
  }

  @AfterEach
  void stop() {
    gateway.close();
    provider.close();
  }

  @Test
  void twoHundredConcurrentRequestsAgainstABudgetForTwentyAdmitTwenty() {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      inFlight.add(client.sendAsync(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
          .header("authorization", "Bearer sk-test-budget-0123456789")
          .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofString()));
    }
    List<HttpResponse<String>> responses = inFlight.stream().map(CompletableFuture::join).toList();

    assertThat(responses.stream().filter(r -> r.statusCode() == 200)).hasSize(20);
    List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() != 200).toList();
    assertThat(refused).hasSize(180).allSatisfy(r -> {
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(GatewayHarness.json(r.body()).at("/error/code").asText()).isEqualTo("budget_exceeded");
      assertThat(GatewayHarness.json(r.body()).at("/error/type").asText()).isEqualTo("insufficient_quota");
    });
    assertThat(provider.requestCount()).isEqualTo(20);

    List<JsonNode> records = gateway.accessRecords(200);
    BigDecimal logged = records.stream().map(r -> r.path("cost_usd"))
        .filter(JsonNode::isNumber).map(JsonNode::decimalValue).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(logged).isEqualByComparingTo(BigDecimal.valueOf(20 * (promptTokens * 150 + 1000 * 600), 9));

    // The ledger holds one record per request, and its spend is the budget's.
    gateway.close();
    try (SqliteLedger ledger = SqliteLedger.open(gateway.storeDir())) {
      assertThat(ledger.usage(List.of(), null, null).getFirst().requests()).isEqualTo(200);
      assertThat(ledger.spendSince(Instant.EPOCH).team("t")).isEqualTo(20 * costNanos());
    }
  }

  long costNanos() {
    return promptTokens * 150 + 1000 * 600;
  }

  @Test
  void spentBudgetsStaySpentAcrossARestart() {
    for (int i = 0; i < 20; i++) {
      assertThat(gateway.post("/v1/chat/completions", BODY, "authorization",
          "Bearer sk-test-budget-0123456789").statusCode()).isEqualTo(200);
    }

    gateway.restart(); // the spend comes back from the ledger

    HttpResponse<String> refused = gateway.post("/v1/chat/completions", BODY, "authorization",
        "Bearer sk-test-budget-0123456789");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(GatewayHarness.json(refused.body()).at("/error/code").asText()).isEqualTo("budget_exceeded");
    assertThat(refused.headers().firstValue("retry-after")).hasValueSatisfying(seconds ->
        assertThat(Long.parseLong(seconds)).isBetween(1L, 31L * 24 * 3600)); // the window's end
  }
}
