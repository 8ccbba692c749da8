package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.ConfigResult;
import dev.sluice.server.Gateway;
import dev.sluice.store.SharedStoreFixture;
import dev.sluice.store.TcpProxy;
import dev.sluice.testkit.FakeProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateways in one JVM on {@code store.type: redis-postgres}, sharing the local Redis and
 * PostgreSQL: what one replica counts, the other sees. (The three-process run with a kill is
 * {@link MultiReplicaTest}.)
 */
class SharedStoreTest {
  static final String ADMIN = "admin-token-0123456789abcdef";

  @TempDir
  Path dir;
  SharedStoreFixture shared;
  FakeProvider provider;
  final List<Gateway> gateways = new ArrayList<>();
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    shared = new SharedStoreFixture();
    provider = FakeProvider.start();
  }

  @AfterEach
  void stop() {
    gateways.forEach(Gateway::close);
    provider.close();
    shared.close();
  }

  private Gateway gateway(String name, String storeExtra, String redisUrl) throws Exception {
    return gateway(name, storeExtra, redisUrl, 5432);
  }

  private Gateway gateway(String name, String storeExtra, String redisUrl, int postgresPort)
      throws Exception {
    String store = shared.storeYaml(dir.resolve(name), storeExtra)
        .replace("127.0.0.1:5432/", "127.0.0.1:" + postgresPort + "/");
    if (redisUrl != null) {
      store = store.replace(SharedStoreFixture.REDIS, redisUrl);
    }
    String yaml = """
        server: { host: 127.0.0.1, port: 0, adminPort: 0, drainTimeout: 1s, eventLoops: 1 }
        admin: { token: %s }
        observability: { accessLog: { to: none } }
        backends: [ { name: fake, type: openai-compatible, url: "%s" } ]
        routes: [ { name: all, targets: [ { backend: fake } ] } ]
        pricing: { gpt-4o: { input: 1000, output: 1000 } }
        estimates: { outputTokens: 5 }
        teams:
          - { name: research, limits: [ { requests: 6, per: 1h } ] }
        keys:
          - { id: limited, key: sk-test-limited-0123456789, owner: a, team: research }
          - { id: funded, key: sk-test-funded-0123456789, owner: b, budget: { usd: 0.05, per: day } }
          - { id: free, key: sk-test-free-0123456789, owner: c, limits: [ { tokens: 100000, per: 1m } ] }
        """.formatted(ADMIN, provider.baseUrl()) + store;
    ConfigResult result = ConfigLoader.parse(yaml, Map.of());
    assertThat(result.problems()).isEmpty();
    Gateway gateway = Gateway.start(result.config());
    gateways.add(gateway);
    return gateway;
  }

  @Test
  void aTeamLimitIsOneBucketAcrossReplicas() throws Exception {
    Gateway a = gateway("a", "", null);
    Gateway b = gateway("b", "", null);
    List<Integer> statuses = new ArrayList<>();
    List<String> remaining = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> response = chat(i % 2 == 0 ? a : b, "sk-test-limited-0123456789");
      statuses.add(response.statusCode());
      remaining.add(response.headers().firstValue("x-ratelimit-remaining-requests").orElse("-"));
    }
    assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 200, 429, 429, 429, 429);
    assertThat(remaining).containsExactly("5", "4", "3", "2", "1", "0", "0", "0", "0", "0");
    HttpResponse<String> refused = chat(b, "sk-test-limited-0123456789");
    assertThat(refused.body()).contains("rate_limit_exceeded").contains("team 'research'");
    assertThat(refused.headers().firstValue("retry-after")).isPresent();
    // As with the embedded store, a refusal says which limit and when it is full again.
    assertThat(refused.headers().firstValue("x-ratelimit-limit-requests")).hasValue("6");
    assertThat(refused.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
    assertThat(refused.headers().firstValue("x-ratelimit-reset-requests").orElseThrow())
        .matches("59m\\d+s|1h0m0s"); // 6 an hour, the first a moment ago
  }

  @Test
  void tokenLimitHeadersOnAnswersAndOnRefusals() throws Exception {
    Gateway a = gateway("a", "", null);
    Gateway b = gateway("b", "", null);
    HttpResponse<String> first = chat(a, "sk-test-free-0123456789");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("x-ratelimit-limit-tokens")).hasValue("100000");
    long left = Long.parseLong(first.headers().firstValue("x-ratelimit-remaining-tokens")
        .orElseThrow());
    assertThat(left).isBetween(99_900L, 99_999L); // the estimate: a short prompt + 5 output
    assertThat(first.headers().firstValue("x-ratelimit-reset-tokens")).isPresent();
    assertThat(first.headers().firstValue("x-ratelimit-limit-requests"))
        .as("the key has no request limit").isEmpty();

    HttpResponse<String> tooLarge = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + b.dataPort() + "/v1/chat/completions"))
        .header("authorization", "Bearer sk-test-free-0123456789")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\",\"max_tokens\":200000,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(tooLarge.statusCode()).isEqualTo(429);
    assertThat(tooLarge.headers().firstValue("x-ratelimit-limit-tokens")).hasValue("100000");
    assertThat(Long.parseLong(tooLarge.headers().firstValue("x-ratelimit-remaining-tokens")
        .orElseThrow())).as("what the first request took, refilling at 1,667 a second")
        .isBetween(99_000L, 100_000L);
    assertThat(tooLarge.headers().firstValue("x-ratelimit-reset-tokens")).isPresent();
  }

  @Test
  void aBudgetIsSharedAndSettledToTheRealCostWhichTheLedgerRecords() throws Exception {
    Gateway a = gateway("a", "", null);
    Gateway b = gateway("b", "", null);
    int answered = 0;
    int refused = 0;
    for (int i = 0; i < 8; i++) {
      HttpResponse<String> response = chat(i % 2 == 0 ? a : b, "sk-test-funded-0123456789");
      if (response.statusCode() == 200) {
        answered++;
      } else {
        assertThat(response.body()).contains("budget_exceeded");
        refused++;
      }
    }
    // Each answer costs 17 tokens at $1000/M = $0.017: two fit under $0.05, and the third's
    // estimate still fits; then the budget is spent, on both replicas.
    assertThat(answered).isEqualTo(3);
    assertThat(refused).isEqualTo(5);
    String window = "bg:key:funded:day:" + LocalDate.now(ZoneOffset.UTC);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(shared.count("SELECT count(*) FROM sluice_ledger WHERE key_id = 'funded' AND status = 200"))
          .isEqualTo(3);
      assertThat(shared.redisValue(window)).isEqualTo(Long.toString(
          shared.count("SELECT sum(cost_nanos) FROM sluice_ledger WHERE key_id = 'funded'")));
    });
    assertThat(shared.redisValue(window)).isEqualTo("51000000");
  }

  @Test
  void aBudgetRedisHasLostStartsAgainFromTheLedger() throws Exception {
    Gateway a = gateway("a", "", null);
    for (int i = 0; i < 3; i++) {
      assertThat(chat(a, "sk-test-funded-0123456789").statusCode()).isEqualTo(200);
    }
    await().untilAsserted(() -> assertThat(
        shared.count("SELECT count(*) FROM sluice_ledger WHERE key_id = 'funded'")).isEqualTo(3));
    shared.flushRedis(); // Redis restarted without persistence
    HttpResponse<String> after = chat(a, "sk-test-funded-0123456789");
    assertThat(after.statusCode()).isEqualTo(429);
    assertThat(after.body()).contains("budget_exceeded");
  }

  @Test
  void keysCreatedOrRevokedOnOneReplicaReachTheOtherWithinTheSyncInterval() throws Exception {
    Gateway a = gateway("a", "sync: 200ms", null);
    Gateway b = gateway("b", "sync: 200ms", null);
    HttpResponse<String> created = http.send(HttpRequest.newBuilder(admin(a, "/admin/keys"))
        .header("authorization", "Bearer " + ADMIN)
        .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"new\",\"owner\":\"d\",\"team\":\"research\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    String key = GatewayHarness.json(created.body()).get("key").asText();
    await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(chat(b, key).statusCode()).isEqualTo(200));
    HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(admin(a, "/admin/keys/new"))
        .header("authorization", "Bearer " + ADMIN).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(chat(a, key).statusCode()).isEqualTo(401);
    long revokedAt = System.nanoTime();
    await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(chat(b, key).statusCode()).isEqualTo(401));
    assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void aRevocationReachesTheOtherReplicaThroughRedisWithinMilliseconds() throws Exception {
    // A poll every minute: only the word published through Redis can be this quick.
    Gateway a = gateway("a", "sync: 60s", null);
    Gateway b = gateway("b", "sync: 60s", null);
    HttpResponse<String> created = http.send(HttpRequest.newBuilder(admin(a, "/admin/keys"))
        .header("authorization", "Bearer " + ADMIN)
        .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"quick\",\"owner\":\"d\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    String key = GatewayHarness.json(created.body()).get("key").asText();
    await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
        .untilAsserted(() -> assertThat(chat(b, key).statusCode()).isEqualTo(200));
    HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(admin(a, "/admin/keys/quick"))
        .header("authorization", "Bearer " + ADMIN).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(revoked.statusCode()).isEqualTo(200);
    long revokedAt = System.nanoTime();
    await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5))
        .untilAsserted(() -> assertThat(chat(b, key).statusCode()).isEqualTo(401));
    Duration took = Duration.ofNanos(System.nanoTime() - revokedAt);
    System.out.println("revocation reached the other replica in " + took.toMillis() + " ms");
    assertThat(took).isLessThan(Duration.ofMillis(500));
  }

  @Test
  void usageRollupsOnAnyReplicaCountEveryReplicasRequests() throws Exception {
    Gateway a = gateway("a", "", null);
    Gateway b = gateway("b", "", null);
    for (int i = 0; i < 4; i++) {
      assertThat(chat(i % 2 == 0 ? a : b, "sk-test-free-0123456789").statusCode()).isEqualTo(200);
    }
    await().untilAsserted(() -> {
      HttpResponse<String> usage = http.send(HttpRequest.newBuilder(admin(b, "/admin/usage?groupBy=key"))
          .header("authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode rows = GatewayHarness.json(usage.body()).get("rows");
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0).get("key").asText()).isEqualTo("free");
      assertThat(rows.get(0).get("requests").asLong()).isEqualTo(4);
    });
  }

  @Test
  void whileRedisIsDownLimitsFailOpenAndBudgetsFailClosedByDefault() throws Exception {
    try (TcpProxy redis = new TcpProxy(6379)) {
      Gateway a = gateway("a", "", "redis://127.0.0.1:" + redis.port() + "/0");
      assertThat(chat(a, "sk-test-free-0123456789").statusCode()).isEqualTo(200);
      redis.down();
      assertThat(chat(a, "sk-test-free-0123456789").statusCode())
          .as("limits: open, admitted uncounted").isEqualTo(200);
      HttpResponse<String> funded = chat(a, "sk-test-funded-0123456789");
      assertThat(funded.statusCode()).as("budgets: closed").isEqualTo(503);
      assertThat(funded.body()).contains("store_unavailable");
      redis.up();
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(chat(a, "sk-test-funded-0123456789").statusCode()).isEqualTo(200));
    }
  }

  @Test
  void limitsCanFailClosedToo() throws Exception {
    try (TcpProxy redis = new TcpProxy(6379)) {
      Gateway a = gateway("a", "onRedisFailure: { limits: closed }", "redis://127.0.0.1:" + redis.port() + "/0");
      redis.down();
      HttpResponse<String> response = chat(a, "sk-test-free-0123456789");
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body()).contains("store_unavailable");
    }
  }

  @Test
  void readyzAnswers503WithTheReasonWhileRedisOrPostgresqlIsUnreachable() throws Exception {
    try (TcpProxy redis = new TcpProxy(6379); TcpProxy postgres = new TcpProxy(5432)) {
      Gateway a = gateway("a", "", "redis://127.0.0.1:" + redis.port() + "/0", postgres.port());
      assertThat(readyz(a).statusCode()).isEqualTo(200);
      redis.down();
      // The probe runs every second: within two, the replica reports itself unready.
      await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
        HttpResponse<String> response = readyz(a);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("store_unavailable").contains("Redis (store.redis)");
      });
      redis.up();
      await().atMost(Duration.ofSeconds(5)).until(() -> readyz(a).statusCode() == 200);
      postgres.down();
      await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
        HttpResponse<String> response = readyz(a);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("PostgreSQL (store.postgres)");
      });
      postgres.up();
      await().atMost(Duration.ofSeconds(5)).until(() -> readyz(a).statusCode() == 200);
      assertThat(readyz(a).body()).isEqualTo("{\"status\":\"ready\"}");
    }
  }

  private HttpResponse<String> readyz(Gateway gateway) throws Exception {
    return http.send(HttpRequest.newBuilder(admin(gateway, "/readyz")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> chat(Gateway gateway, String key) throws Exception {
    return http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + gateway.dataPort() + "/v1/chat/completions"))
        .header("authorization", "Bearer " + key)
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI admin(Gateway gateway, String path) {
    return URI.create("http://127.0.0.1:" + gateway.adminPort() + path);
  }
}
