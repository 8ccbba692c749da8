package dev.sluice.e2e;

import static dev.sluice.e2e.GatewayHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.testkit.FakeProvider;
import dev.sluice.testkit.FakeResponse;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API: the token, usage rollups from the ledger, the redacted effective config. */
class AdminApiTest {
  static final String ADMIN = "admin-token-0123456789abcdef";
  FakeProvider provider;
  GatewayHarness gateway;

  @BeforeEach
  void start() {
    provider = FakeProvider.start();
    gateway = GatewayHarness.start("""
        admin: { token: "${ADMIN}" }
        backends:
          - { name: fake, type: openai, url: "${FAKE}", apiKey: sk-upstream-secret-value }
          - { name: aws, type: bedrock, region: us-east-1,
              aws: { accessKeyId: AKIDEXAMPLE, secretAccessKey: aws-secret-value } }
        routes: [ { name: all, targets: [ { backend: fake } ] } ]
        teams: [ { name: research }, { name: ads } ]
        keys:
          - { id: r1, key: sk-test-r1-0123456789, owner: a, team: research }
          - { id: a1, key: sk-test-a1-0123456789, owner: b, team: ads }
        """, GatewayHarness.env("FAKE", provider.baseUrl(), "ADMIN", ADMIN));
  }

  @AfterEach
  void stop() {
    gateway.close();
    provider.close();
  }

  private HttpResponse<String> admin(String path, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + gateway.adminPort() + path)).GET();
    if (token != null) {
      request.header("authorization", "Bearer " + token);
    }
    return gateway.send(request.build());
  }

  @Test
  void everyAdminCallNeedsTheAdminToken() {
    assertThat(admin("/admin/usage", null).statusCode()).isEqualTo(401);
    assertThat(admin("/admin/usage", "wrong-token").statusCode()).isEqualTo(401);
    assertThat(admin("/admin/config", ADMIN).statusCode()).isEqualTo(200);
    assertThat(admin("/healthz", null).statusCode()).isEqualTo(200); // open, as SPEC §3 says
  }

  @Test
  void usageRollsUpTheLedgerByTeamAndModel() {
    provider.setDefault(FakeResponse.chatCompletion("gpt-4o", "ok", 100, 10));
    for (int i = 0; i < 3; i++) {
      gateway.post("/v1/chat/completions", GatewayHarness.chatBody("gpt-4o", "hi"),
          "authorization", "Bearer sk-test-r1-0123456789");
    }
    gateway.post("/v1/chat/completions", GatewayHarness.chatBody("gpt-4o-mini", "hi"),
        "authorization", "Bearer sk-test-a1-0123456789");
    gateway.accessRecords(4);

    JsonNode usage = json(awaitRows("/admin/usage?groupBy=team,model", 2).body());

    JsonNode research = usage.path("rows").get(1);
    assertThat(research.path("team").asText()).isEqualTo("research");
    assertThat(research.path("model").asText()).isEqualTo("gpt-4o");
    assertThat(research.path("requests").asLong()).isEqualTo(3);
    assertThat(research.path("input_tokens").asLong()).isEqualTo(300);
    assertThat(research.path("output_tokens").asLong()).isEqualTo(30);
    // 3 × (100 × $2.50/M + 10 × $10/M)
    assertThat(research.path("cost_usd").decimalValue()).isEqualByComparingTo("0.00105");
    assertThat(usage.path("rows").get(0).path("team").asText()).isEqualTo("ads");
  }

  @Test
  void usageRejectsUnknownGroupsAndBadDates() {
    HttpResponse<String> badGroup = admin("/admin/usage?groupBy=region", ADMIN);
    HttpResponse<String> badDate = admin("/admin/usage?from=yesterday", ADMIN);

    assertThat(badGroup.statusCode()).isEqualTo(400);
    assertThat(json(badGroup.body()).at("/error/message").asText()).contains("region").contains("team");
    assertThat(badDate.statusCode()).isEqualTo(400);
    assertThat(json(badDate.body()).at("/error/message").asText()).startsWith("from: 'yesterday'");
  }

  @Test
  void theEffectiveConfigHasEverySecretRedacted() {
    HttpResponse<String> response = admin("/admin/config", ADMIN);

    JsonNode config = json(response.body());
    assertThat(config.at("/backends/0/apiKey").asText()).isEqualTo("<redacted>");
    assertThat(config.at("/backends/1/aws/secretAccessKey").asText()).isEqualTo("<redacted>");
    assertThat(config.at("/backends/1/aws/accessKeyId").asText()).isEqualTo("AKIDEXAMPLE");
    assertThat(config.at("/backends/0/timeouts/connect").asText()).isEqualTo("2s");
    assertThat(config.at("/server/maxRequestBytes").asText()).isEqualTo("65536B");
    assertThat(response.body()).doesNotContain("sk-upstream-secret-value").doesNotContain("aws-secret-value")
        .doesNotContain(ADMIN).doesNotContain("sk-test-r1-0123456789");
  }

  /** Ledger writes are batched (100 ms): polls until the rollup has the rows. */
  private HttpResponse<String> awaitRows(String path, int rows) {
    for (int i = 0; i < 50; i++) {
      HttpResponse<String> response = admin(path, ADMIN);
      if (json(response.body()).path("rows").size() >= rows) {
        return response;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    throw new AssertionError("no " + rows + " usage rows from " + path);
  }
}
