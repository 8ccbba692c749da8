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
        teams:
          - { name: research, projects: [ { name: search } ] }
          - { name: ads }
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

  private HttpResponse<String> adminPost(String path, String body) {
    return gateway.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.adminPort() + path))
        .header("authorization", "Bearer " + ADMIN)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private HttpResponse<String> adminDelete(String path) {
    return gateway.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.adminPort() + path))
        .header("authorization", "Bearer " + ADMIN).DELETE().build());
  }

  private int chatWith(String key) {
    return gateway.post("/v1/chat/completions", GatewayHarness.chatBody("gpt-4o", "hi"),
        "authorization", "Bearer " + key).statusCode();
  }

  @Test
  void aCreatedKeyWorksAtOnceWithItsLimitsAndARevokedOneFailsOnItsNextRequest() {
    HttpResponse<String> created = adminPost("/admin/keys", """
        {"id": "ci-bot", "owner": "ci", "team": "research", "project": "search",
         "limits": [ { "requests": 2, "per": "1m" } ]}""");

    assertThat(created.statusCode()).isEqualTo(201);
    String key = json(created.body()).path("key").asText();
    assertThat(key).startsWith("sk-sluice-").hasSizeGreaterThanOrEqualTo(10 + 32);
    assertThat(chatWith(key)).isEqualTo(200);
    assertThat(chatWith(key)).isEqualTo(200);
    assertThat(chatWith(key)).isEqualTo(429); // its own limit applies

    HttpResponse<String> list = admin("/admin/keys", ADMIN);
    assertThat(list.body()).contains("\"ci-bot\"").doesNotContain(key).doesNotContain("sha256:");

    assertThat(adminDelete("/admin/keys/ci-bot").statusCode()).isEqualTo(200);
    assertThat(chatWith(key)).isEqualTo(401);
    assertThat(json(admin("/admin/keys", ADMIN).body()).findValues("revoked").stream()
        .anyMatch(JsonNode::asBoolean)).isTrue();
  }

  @Test
  void createdKeysSurviveARestartAndRevocationsToo() {
    String kept = json(adminPost("/admin/keys", "{\"owner\": \"a\", \"team\": \"ads\"}").body())
        .path("key").asText();
    HttpResponse<String> gone = adminPost("/admin/keys", "{\"id\": \"gone\", \"owner\": \"b\"}");
    adminDelete("/admin/keys/gone");

    gateway.restart();

    assertThat(chatWith(kept)).isEqualTo(200);
    assertThat(chatWith(json(gone.body()).path("key").asText())).isEqualTo(401);
  }

  @Test
  void badKeyRequestsGetClearErrorsWithTheirPaths() {
    HttpResponse<String> unknownTeam = adminPost("/admin/keys", "{\"owner\": \"a\", \"team\": \"nope\"}");
    HttpResponse<String> badLimit = adminPost("/admin/keys",
        "{\"owner\": \"a\", \"limits\": [ { \"requests\": 0, \"per\": \"1m\" } ]}");
    HttpResponse<String> unknownField = adminPost("/admin/keys", "{\"owner\": \"a\", \"colour\": \"red\"}");
    HttpResponse<String> notJson = adminPost("/admin/keys", "owner=a");
    HttpResponse<String> ownKey = adminPost("/admin/keys", "{\"owner\": \"a\", \"key\": \"sk-mine\"}");

    assertThat(json(unknownTeam.body()).at("/error/message").asText()).isEqualTo("team: unknown team 'nope'");
    assertThat(json(badLimit.body()).at("/error/message").asText())
        .isEqualTo("limits[0].requests: 0 (expected: > 0)");
    assertThat(json(unknownField.body()).at("/error/message").asText()).startsWith("colour: unknown field");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(ownKey.statusCode()).isEqualTo(400);
    assertThat(adminDelete("/admin/keys/r1").statusCode()).isEqualTo(409); // from the config file
    assertThat(adminDelete("/admin/keys/no-such-key").statusCode()).isEqualTo(404);

    // The body as curl -d sends it (form-encoded), past 8 KiB: read as the JSON it is.
    String longOwner = "{\"owner\": \"" + "o".repeat(9_000) + "\"}";
    HttpResponse<String> formEncoded = gateway.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + gateway.adminPort() + "/admin/keys"))
        .header("authorization", "Bearer " + ADMIN)
        .header("content-type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(longOwner)).build());
    assertThat(formEncoded.statusCode()).isEqualTo(201);
    // Too large, an unknown path: the API's JSON errors, not plain text or an HTML page.
    HttpResponse<String> tooLarge = adminPost("/admin/keys", "{\"owner\": \"" + "o".repeat(70_000) + "\"}");
    HttpResponse<String> unknownPath = admin("/admin/nothing-here", ADMIN);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(json(tooLarge.body()).at("/error/message").asText()).contains("65536 bytes");
    assertThat(unknownPath.statusCode()).isEqualTo(404);
    assertThat(json(unknownPath.body()).at("/error/message").asText())
        .isEqualTo("Unknown admin path: GET /admin/nothing-here");
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
  void backendsShowWhatEachBackendIsDoing() {
    provider.enqueue(FakeResponse.error(500, "server_error", "boom"), FakeResponse.error(500, "server_error", "boom"));
    provider.setDefault(FakeResponse.chatCompletion("gpt-4o", "ok", 1, 1));
    for (int i = 0; i < 3; i++) {
      gateway.post("/v1/chat/completions", GatewayHarness.chatBody("gpt-4o", "hi"),
          "authorization", "Bearer sk-test-r1-0123456789");
    }

    JsonNode fake = json(admin("/admin/backends", ADMIN).body()).path("backends").get(0);

    assertThat(fake.path("name").asText()).isEqualTo("fake");
    assertThat(fake.path("inFlight").asLong()).isZero();
    assertThat(fake.path("attempts").asLong()).isEqualTo(4); // 2 failed + 2 answered
    assertThat(fake.path("failures").asLong()).isEqualTo(2);
    assertThat(fake.path("recentErrorRate").asDouble()).isEqualTo(0.5);
    assertThat(fake.path("recentLatencyMs").asDouble()).isPositive();
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
