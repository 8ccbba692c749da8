package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.store.SharedStoreFixture;
import dev.sluice.testkit.DefaultAnswers;
import dev.sluice.testkit.FakeProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three gateway processes (the real CLI, {@code sluice serve}) on loopback, sharing the local
 * Redis and PostgreSQL ({@code store.type: redis-postgres}), under concurrent load spread across
 * them as a load balancer would, against a fake provider that takes 40 ms per answer.
 */
@Tag("multi-replica")
class MultiReplicaTest {
  static final int REPLICAS = 3;
  static final int CONCURRENCY = 12;
  static final long TOKENS_PER_ANSWER = DefaultAnswers.PROMPT_TOKENS + DefaultAnswers.COMPLETION_TOKENS;
  /** What one request can reserve at most: its prompt (a few tokens) plus max_tokens (20). */
  static final long MAX_ESTIMATE_TOKENS = 40;
  static final long NANO_USD_PER_TOKEN = 1_000_000; // $1000 per 1M tokens

  @TempDir
  Path dir;
  SharedStoreFixture shared;
  FakeProvider provider;
  final List<Process> replicas = new ArrayList<>();
  final List<Integer> ports = new ArrayList<>();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeEach
  void start() throws Exception {
    shared = new SharedStoreFixture();
    provider = FakeProvider.start();
    provider.respondWith(request -> DefaultAnswers.forRequest(request).withDelay(Duration.ofMillis(40)));
    for (int i = 0; i < REPLICAS; i++) {
      int port = SluiceProcess.freePort();
      ports.add(port);
      Path config = dir.resolve("sluice-" + i + ".yaml");
      Files.writeString(config, """
          server: { host: 127.0.0.1, port: %d, adminPort: 0, drainTimeout: 2s, eventLoops: 1 }
          observability: { accessLog: { to: none } }
          backends: [ { name: fake, type: openai-compatible, url: "%s" } ]
          routes: [ { name: all, targets: [ { backend: fake } ] } ]
          pricing: { gpt-4o: { input: 1000, output: 1000 } }
          teams:
            - { name: research, limits: [ { requests: 150, per: 1d } ] }
          keys:
            - { id: req, key: sk-test-req-0123456789, owner: a, team: research }
            - { id: tok, key: sk-test-tok-0123456789, owner: b, limits: [ { tokens: 1700, per: 1d } ] }
            - { id: bud, key: sk-test-bud-0123456789, owner: c, budget: { usd: 1.00, per: day } }
            - { id: big, key: sk-test-big-0123456789, owner: d, limits: [ { tokens: 100000, per: 1d } ] }
          """.formatted(port, provider.baseUrl()) + shared.storeYaml(dir.resolve("data-" + i), ""));
      replicas.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
          "dev.sluice.Sluice", "serve", "--config", config.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("sluice-" + i + ".out").toFile()).start());
    }
    for (int port : ports) {
      awaitListening(port);
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (Process replica : replicas) {
      replica.destroyForcibly();
      replica.waitFor(10, TimeUnit.SECONDS);
    }
    provider.close();
    shared.close();
  }

  @Test
  void globalLimitsAndBudgetsHoldAcrossReplicasAndTheLedgerHasOneRecordPerAnswer() throws Exception {
    Load req = new Load("sk-test-req-0123456789", 300);
    Load tok = new Load("sk-test-tok-0123456789", 200);
    Load bud = new Load("sk-test-bud-0123456789", 150);
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (Load load : List.of(req, tok, bud)) {
        for (int t = 0; t < CONCURRENCY / 3; t++) {
          running.add(pool.submit(load::run));
        }
      }
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (Load load : List.of(req, tok, bud)) {
      assertThat(load.unexpected).isEmpty();
      assertThat(load.failed.get()).isZero();
      assertThat(load.answeredBy.keySet()).as("every replica answered").hasSize(REPLICAS);
    }
    // 150 requests a day (refilling one per ~10 minutes): the limit, over three replicas. Only
    // an admission Redis answers too late (fail-open) could add one, per replica at most.
    assertThat(req.answered.get()).isBetween(150L, 150L + REPLICAS);
    // Tokens and budget: reserved on an estimate, settled to 17 tokens an answer. The real use
    // stays within the limit plus one in-flight estimate per replica, and comes close to it.
    assertThat(tok.answered.get() * TOKENS_PER_ANSWER)
        .isLessThanOrEqualTo(1700 + REPLICAS * MAX_ESTIMATE_TOKENS)
        .isGreaterThan(1700 - REPLICAS * CONCURRENCY * MAX_ESTIMATE_TOKENS);
    long budgetNanos = 1_000_000_000L;
    assertThat(bud.answered.get() * TOKENS_PER_ANSWER * NANO_USD_PER_TOKEN)
        .isLessThanOrEqualTo(budgetNanos + REPLICAS * MAX_ESTIMATE_TOKENS * NANO_USD_PER_TOKEN)
        .isGreaterThan(budgetNanos - REPLICAS * CONCURRENCY * MAX_ESTIMATE_TOKENS * NANO_USD_PER_TOKEN);

    stopGracefully(); // flushes the ledgers
    Set<String> answered = new HashSet<>();
    for (Load load : List.of(req, tok, bud)) {
      answered.addAll(load.answeredIds);
    }
    assertThat(shared.count("SELECT count(*) FROM sluice_ledger WHERE status = 200"))
        .isEqualTo(answered.size());
    assertThat(shared.count("SELECT count(DISTINCT request_id) FROM sluice_ledger WHERE status = 200"))
        .isEqualTo(answered.size());
    assertThat(shared.count("SELECT count(*) FROM sluice_ledger WHERE status = 429"))
        .isEqualTo(req.refused.get() + tok.refused.get() + bud.refused.get());
  }

  @Test
  void whenAReplicaIsKilledMidLoadTheOthersGoOnAndItsInFlightUsageCountsOnce() throws Exception {
    // Slow answers: the replica is killed with requests in flight.
    provider.respondWith(request -> DefaultAnswers.forRequest(request).withDelay(Duration.ofMillis(300)));
    Load load = new Load("sk-test-big-0123456789", Integer.MAX_VALUE);
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
    try {
      for (int t = 0; t < CONCURRENCY; t++) {
        pool.submit(load::run);
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> load.answeredBy.size() == REPLICAS);
      replicas.get(2).destroyForcibly(); // SIGKILL, requests in flight
      int first = load.answeredBy.get(0).get();
      int second = load.answeredBy.get(1).get();
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        assertThat(load.answeredBy.get(0).get()).as("replica 0 goes on").isGreaterThan(first + 10);
        assertThat(load.answeredBy.get(1).get()).as("replica 1 goes on").isGreaterThan(second + 10);
      });
      load.stop = true;
      pool.shutdown();
      assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdownNow();
    }
    assertThat(load.unexpected).isEmpty();
    assertThat(load.failed.get()).as("requests cut by the kill").isPositive();

    // The token limit's use: each answer settled to its 17 tokens, plus the estimates the killed
    // replica had reserved for requests it never finished - once, never settled or charged again.
    HttpResponse<String> probe = send(0, "sk-test-big-0123456789");
    assertThat(probe.statusCode()).isEqualTo(200);
    long remaining = Long.parseLong(probe.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow());
    long refill = (long) Math.ceil((System.nanoTime() - started) / 1e9 * 100_000 / 86_400) + 1;
    long used = 100_000 - remaining; // includes the probe's own reservation
    long settled = load.answered.get() * TOKENS_PER_ANSWER;
    assertThat(used + refill).isGreaterThanOrEqualTo(settled);
    assertThat(used).isLessThanOrEqualTo(settled + (load.failed.get() + 1) * MAX_ESTIMATE_TOKENS);

    replicas.remove(2);
    stopGracefully();
    long recorded = shared.count("SELECT count(*) FROM sluice_ledger WHERE status = 200");
    assertThat(recorded).as("no answer recorded twice")
        .isEqualTo(shared.count("SELECT count(DISTINCT request_id) FROM sluice_ledger WHERE status = 200"));
    long survivors = load.answeredBy.get(0).get() + load.answeredBy.get(1).get() + 1; // + the probe
    // The survivors' answers are all there; of the killed one's, what it had flushed.
    assertThat(recorded).isBetween(survivors, load.answered.get() + 1);
  }

  /** Requests with one key, round-robin over the live replicas, until {@code max} were sent. */
  final class Load {
    final String key;
    final int max;
    final AtomicInteger sent = new AtomicInteger();
    final AtomicLong answered = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final Map<Integer, AtomicInteger> answeredBy = new ConcurrentHashMap<>();
    final Set<String> answeredIds = ConcurrentHashMap.newKeySet();
    final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
    volatile boolean stop;

    Load(String key, int max) {
      this.key = key;
      this.max = max;
    }

    void run() {
      while (!stop) {
        int n = sent.getAndIncrement();
        if (n >= max) {
          return;
        }
        int replica = n % REPLICAS;
        if (!replicas.get(replica).isAlive()) {
          replica = (replica + 1) % 2; // the load balancer takes the dead one out
        }
        try {
          HttpResponse<String> response = send(replica, key);
          if (response.statusCode() == 200) {
            answered.incrementAndGet();
            answeredBy.computeIfAbsent(replica, r -> new AtomicInteger()).incrementAndGet();
            answeredIds.add(response.headers().firstValue("x-request-id").orElseThrow());
          } else if (response.statusCode() == 429) {
            refused.incrementAndGet();
          } else {
            unexpected.add(response.statusCode() + " from replica " + replica + ": " + response.body());
          }
        } catch (IOException e) {
          failed.incrementAndGet(); // the replica died under this request
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private HttpResponse<String> send(int replica, String key) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + ports.get(replica) + "/v1/chat/completions"))
        .timeout(Duration.ofSeconds(10))
        .header("authorization", "Bearer " + key)
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"gpt-4o\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** SIGTERM: each replica drains and flushes its ledger, then exits. */
  private void stopGracefully() throws InterruptedException {
    for (Process replica : replicas) {
      replica.destroy();
    }
    for (Process replica : replicas) {
      assertThat(replica.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static void awaitListening(int port) {
    await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).until(() -> {
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
        return true;
      } catch (IOException notYet) {
        return false;
      }
    });
  }
}
