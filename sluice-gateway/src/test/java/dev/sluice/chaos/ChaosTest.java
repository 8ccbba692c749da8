package dev.sluice.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.e2e.SluiceProcess;
import dev.sluice.testkit.FakeProvider;
import dev.sluice.testkit.FakeResponse;
import dev.sluice.testkit.SseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The chaos suite: a real gateway process with a small heap ({@code -Xmx256m}, exiting on an
 * out-of-memory error) in front of a fault-injecting provider. For each fault, requests are sent
 * a few at a time and then:
 *
 * <ul>
 *   <li>every client got a correct answer or an error in OpenAI's shape (an SSE {@code error}
 *       event once a stream had started);
 *   <li>the process is still up and serves a healthy request;
 *   <li>every request is in the access log exactly once, and in the ledger exactly once, with
 *       the usage of the attempt that answered (a failed attempt is never charged as well).
 * </ul>
 *
 * Run alone with {@code ./mvnw test -pl sluice-testkit,sluice-gateway -Dgroups=chaos}; it is
 * part of the default build too. A summary of faults, requests and outcomes is printed at the end.
 */
@Tag("chaos")
class ChaosTest {
  static final String KEY = "sk-test-chaos-0123456789";
  static final ObjectMapper JSON = new ObjectMapper();
  static final int PROMPT_TOKENS = 5;
  static final int COMPLETION_TOKENS = 2;

  static Path dir;
  static FakeProvider chaos;
  static FakeProvider healthy;
  static Process sluice;
  static int port;
  static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  static final ExecutorService clients = Executors.newFixedThreadPool(4);
  static final Map<String, String> summary = new java.util.LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("sluice-chaos");
    chaos = FakeProvider.start();
    healthy = FakeProvider.start();
    healthy.respondWith(request -> request.json().path("stream").asBoolean()
        ? FakeResponse.chatStream("m", List.of("all ", "well"), true, PROMPT_TOKENS, COMPLETION_TOKENS)
        : FakeResponse.chatCompletion("m", "all well", PROMPT_TOKENS, COMPLETION_TOKENS));
    port = SluiceProcess.freePort();
    int deadPort = SluiceProcess.freePort();
    Path config = dir.resolve("sluice.yaml");
    Files.writeString(config, """
        server: { host: 127.0.0.1, port: %d, adminPort: 0, drainTimeout: 2s }
        observability: { accessLog: { to: "file:%s" } }
        store: { path: "%s" }
        backends:
          - { name: chaos, type: openai-compatible, url: "%s",
              timeouts: { connect: 500ms, firstByte: 300ms, idle: 500ms } }
          - { name: healthy, type: openai-compatible, url: "%s" }
          - { name: dead, type: openai-compatible, url: "http://127.0.0.1:%d", timeouts: { connect: 500ms } }
        routes:
          - name: chaos-failover
            match: { models: [failover] }
            targets: [ { backend: chaos }, { backend: healthy, priority: 1 } ]
            retry: { maxAttempts: 2, backoff: { initial: 1ms, max: 5ms } }
          - name: chaos-only
            match: { models: [alone] }
            targets: [ { backend: chaos } ]
            retry: { maxAttempts: 1 }
            timeout: 1s
          - name: dead-first
            match: { models: [dead] }
            targets: [ { backend: dead }, { backend: healthy, priority: 1 } ]
          - name: healthy
            match: { models: [healthy] }
            targets: [ { backend: healthy } ]
        keys: [ { id: chaos-key, key: "%s", owner: chaos } ]
        """.formatted(port, dir.resolve("access.log"), dir.resolve("data"), chaos.baseUrl(),
        healthy.baseUrl(), deadPort, KEY));
    sluice = SluiceProcess.start(config, dir.resolve("sluice.out"), "-Xmx256m", "-XX:+ExitOnOutOfMemoryError");
    SluiceProcess.awaitListening(port, sluice, dir.resolve("sluice.out"));
  }

  @AfterAll
  static void stop() throws Exception {
    clients.shutdownNow();
    try {
      if (sluice != null) {
        sluice.destroy(); // SIGTERM: drain, flush, exit 0
        assertThat(sluice.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sluice.exitValue()).as("graceful exit after the chaos").isZero();
      }
    } finally {
      chaos.close();
      healthy.close();
      System.out.println("chaos summary (fault: requests, outcomes):");
      summary.forEach((fault, line) -> System.out.println("  " + fault + ": " + line));
    }
  }

  // --- the faults -------------------------------------------------------------------------

  @Test
  void resetMidStream() {
    chaos.setDefault(FakeResponse.chatStream("m", List.of("a", "b", "c", "d"), true, 3, 4).resetAfter(2));
    List<Answer> answers = send("reset", 12, i -> stream("failover"));

    assertStreamsCut(answers, "\"content\":\"a\"", "[DONE]", "upstream_failed");
    assertRecordedOnce(answers, Usage.ANY);
  }

  @Test
  void slowLorisUpstreamHitsTheRouteTimeout() {
    chaos.setDefault(FakeResponse.trickle(200, "{\"id\":\"chatcmpl-slow\",\"object\":\"chat.completion\","
        + "\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
        + "x".repeat(500) + "\"},\"finish_reason\":\"stop\"}]}", Duration.ofMillis(50)));
    List<Answer> answers = send("slow-loris", 8, i -> chat("alone"));

    assertThat(answers).allSatisfy(a -> {
      assertThat(a.status).isEqualTo(504);
      assertThat(errorCode(a)).isEqualTo("upstream_timeout");
    });
    assertRecordedOnce(answers, Usage.NONE);
  }

  @Test
  void aStreamCutByTheRouteTimeoutIsChargedForWhatWasStreamed() throws Exception {
    // A piece every 200 ms (under the 500 ms idle timeout), past the route's 1 s: the client
    // gets the first pieces and an error event, and is charged for them like any cut stream.
    List<String> pieces = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "word" + i + " ").toList();
    chaos.setDefault(FakeResponse.chatStream("m", pieces, true, 7, 20).withEventDelay(Duration.ofMillis(200)));
    List<Answer> answers = send("route-timeout-stream", 4, i -> stream("alone"));

    assertStreamsCut(answers, "word0 ", "word19 ", "upstream_timeout");
    assertRecordedOnce(answers, Usage.ANY);
    List<String> ids = answers.stream().map(Answer::id).toList();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      for (long[] row : ledgerRows(ids).values()) {
        assertThat(row[1]).as("input tokens charged").isPositive();
        assertThat(row[2]).as("output tokens charged").isBetween(1L, 19L);
      }
    });
  }

  @Test
  void halfOfTheAnswersAre503() {
    AtomicInteger n = new AtomicInteger();
    chaos.respondWith(request -> n.incrementAndGet() % 2 == 0
        ? FakeResponse.error(503, "server_error", "overloaded")
        : FakeResponse.chatCompletion("m", "from chaos", PROMPT_TOKENS, COMPLETION_TOKENS));
    List<Answer> answers = send("half-503", 40, i -> i % 2 == 0 ? chat("failover") : stream("failover"));

    assertThat(answers).allSatisfy(a -> assertThat(a.status).isEqualTo(200));
    assertRecordedOnce(answers, Usage.EXACT);
  }

  @Test
  void malformedJsonFailsOver() {
    chaos.setDefault(FakeResponse.malformedJson(200));
    List<Answer> answers = send("malformed-json", 12, i -> chat("failover"));

    assertThat(answers).allSatisfy(a -> {
      assertThat(a.status).isEqualTo(200);
      assertThat(a.body).contains("all well");
    });
    assertRecordedOnce(answers, Usage.EXACT);
  }

  @Test
  void truncatedStreamEndsWithAnErrorEvent() {
    List<SseEvent> events = new ArrayList<>(
        FakeResponse.chatStream("m", List.of("one ", "two ", "three"), false, 3, 3).events());
    events.removeLast(); // [DONE]: the provider dies before it
    chaos.setDefault(FakeResponse.truncatedSse(events));
    List<Answer> answers = send("truncated-sse", 12, i -> stream("failover"));

    assertStreamsCut(answers, "three", "[DONE]", "upstream_failed");
    assertRecordedOnce(answers, Usage.ANY);
  }

  @Test
  void hugeJsonAnswerIsRefusedAndFailsOver() {
    byte[] megabyte = ("[" + "1,".repeat(512 * 1024 - 1) + "1]").getBytes(StandardCharsets.US_ASCII);
    chaos.setDefault(FakeResponse.repeated(200, "application/json", megabyte, 40)); // 40 MB
    List<Answer> answers = send("huge-json", 6, i -> chat("failover"));

    assertThat(answers).allSatisfy(a -> {
      assertThat(a.status).isEqualTo(200);
      assertThat(a.body).contains("all well");
    });
    assertRecordedOnce(answers, Usage.EXACT);
  }

  @Test
  void hugeStreamIsRelayedWithoutBeingHeld() {
    byte[] event = bigChunkEvent('y');
    int events = 5_000; // ~300 MB per stream through a 256 MB heap
    chaos.setDefault(FakeResponse.repeated(200, "text/event-stream", event, events));
    List<Answer> answers = send("huge-stream", 3, i -> stream("failover"));

    assertThat(answers).allSatisfy(a -> {
      assertThat(a.status).isEqualTo(200);
      assertThat(a.bytes).isGreaterThan((long) event.length * events);
      // The provider never sent [DONE]: the stream ends with an error event, after all its data.
      assertThat(a.body).contains("upstream_failed");
    });
    assertRecordedOnce(answers, Usage.ANY);
  }

  @Test
  void aSlowClientHoldsBackTheProviderInsteadOfFillingTheHeap() throws Exception {
    byte[] event = bigChunkEvent('z');
    chaos.setDefault(FakeResponse.repeated(200, "text/event-stream", event, 5_000)); // ~300 MB
    String id = "slow-client-" + System.nanoTime();
    HttpResponse<InputStream> response = http.send(stream("failover").header("x-request-id", id).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    long total;
    try (InputStream body = response.body()) {
      total = body.readNBytes(1 << 20).length;
      Thread.sleep(3_000); // reading nothing, while the provider could send the rest in a second
      assertThat(sluice.isAlive()).as("the gateway held the stream without buffering it").isTrue();
      total += body.transferTo(java.io.OutputStream.nullOutputStream());
    }

    assertThat(total).isGreaterThan(5_000L * event.length);
    summary.put("slow-client", "1 request of " + total / 1_000_000 + " MB, paused 3 s after 1 MB");
    assertRecordedOnce(List.of(new Answer(id, 200, "", total, null, null)), Usage.ANY);
  }

  @Test
  void aClientThatLeavesCancelsTheUpstreamAndIsChargedForWhatWasStreamed() throws Exception {
    List<String> pieces = java.util.stream.IntStream.range(0, 40).mapToObj(i -> "word" + i + " ").toList();
    chaos.setDefault(FakeResponse.chatStream("m", pieces, true, 7, 40).withEventDelay(Duration.ofMillis(50)));
    int abandonedBefore = chaos.abandonedResponses();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String id = "client-gone-" + i + "-" + System.nanoTime();
      ids.add(id);
      HttpResponse<InputStream> response = http.send(stream("failover").header("x-request-id", id).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        String seen = "";
        while (!seen.contains("word4 ")) { // five pieces in, the client goes away
          seen += new String(body.readNBytes(64), StandardCharsets.UTF_8);
        }
      }
    }

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(chaos.abandonedResponses() - abandonedBefore).as("upstream requests cancelled").isEqualTo(4));
    summary.put("client-gone", "4 streams left after 5 of 40 pieces; 4 cancelled upstream");
    assertRecordedOnce(ids.stream().map(id -> new Answer(id, 200, "", 0, null, null)).toList(), Usage.ANY);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      for (long[] row : ledgerRows(ids).values()) {
        // Charged for what was streamed (at least the five pieces seen), never the whole answer.
        assertThat(row[2]).as("output tokens charged").isBetween(5L, 39L);
      }
    });
  }

  @Test
  void connectFailuresFailOver() {
    List<Answer> answers = send("connect-failure", 12, i -> i % 2 == 0 ? chat("dead") : stream("dead"));

    assertThat(answers).allSatisfy(a -> {
      assertThat(a.status).isEqualTo(200);
      assertThat(a.attempts).as("two on the dead backend, one on the healthy").isEqualTo("3");
    });
    assertRecordedOnce(answers, Usage.EXACT);
  }

  @Test
  void stalledUpstreamFailsOverAfterTheFirstByteTimeout() {
    chaos.setDefault(FakeResponse.stall());
    List<Answer> answers = send("stall", 12, i -> i % 2 == 0 ? chat("failover") : stream("failover"));

    assertThat(answers).allSatisfy(a -> {
      assertThat(a.status).isEqualTo(200);
      assertThat(a.backend).isEqualTo("healthy");
    });
    assertRecordedOnce(answers, Usage.EXACT);
  }

  // --- sending and checking ---------------------------------------------------------------

  /** One client's view of one request: status, body (or its tail, for huge ones), headers. */
  record Answer(String id, int status, String body, long bytes, String backend, String attempts) {}

  /**
   * Each answer began 200, delivered {@code seen} but not {@code unseen}, and ended with an SSE
   * error event of {@code code}.
   */
  private static void assertStreamsCut(List<Answer> answers, String seen, String unseen, String code) {
    assertThat(answers).allSatisfy(a -> {
      assertThat(a.status).isEqualTo(200);
      assertThat(a.body).contains(seen).doesNotContain(unseen);
      assertThat(lastEvent(a.body).path("error").path("code").asText()).isEqualTo(code);
    });
  }

  /** What a request's ledger record must say about tokens. */
  enum Usage {
    /** Exactly the answering attempt's usage, never that of a failed attempt as well. */
    EXACT,
    /** Nothing: no answer came. */
    NONE,
    /** Whatever was streamed before the fault; only "once" is checked. */
    ANY
  }

  private List<Answer> send(String fault, int count, Function<Integer, HttpRequest.Builder> request) {
    List<Future<Answer>> pending = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = fault + "-" + i + "-" + System.nanoTime();
      HttpRequest built = request.apply(i).header("x-request-id", id).build();
      pending.add(clients.submit(() -> exchange(id, built)));
    }
    List<Answer> answers = new ArrayList<>();
    for (Future<Answer> answer : pending) {
      try {
        answers.add(answer.get(60, TimeUnit.SECONDS));
      } catch (Exception e) {
        throw new AssertionError(fault + ": a client got no answer", e);
      }
    }
    Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    answers.forEach(a -> statuses.merge(a.status, 1, Integer::sum));
    summary.put(fault, count + " requests, statuses " + statuses);
    assertThat(sluice.isAlive()).as(fault + ": the gateway process is up").isTrue();
    assertThat(exchange("alive-" + System.nanoTime(), chat("healthy").build()).status)
        .as(fault + ": the gateway still serves").isEqualTo(200);
    return answers;
  }

  private static Answer exchange(String id, HttpRequest request) {
    try {
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      // Huge answers are counted, and only their last 64 KiB kept.
      byte[] tail = new byte[64 * 1024];
      long total = 0;
      try (InputStream body = response.body()) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = body.read(buffer)) > 0; total += n) {
          int keep = Math.min(n, tail.length);
          System.arraycopy(tail, keep, tail, 0, tail.length - keep);
          System.arraycopy(buffer, n - keep, tail, tail.length - keep, keep);
        }
      }
      int kept = (int) Math.min(total, tail.length);
      String text = new String(tail, tail.length - kept, kept, StandardCharsets.UTF_8);
      return new Answer(id, response.statusCode(), text, total,
          response.headers().firstValue("x-sluice-backend").orElse(null),
          response.headers().firstValue("x-sluice-attempts").orElse(null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** One SSE event of ~60 KB: a chat.completion.chunk whose content is {@code letter} repeated. */
  private static byte[] bigChunkEvent(char letter) {
    String chunk = "{\"id\":\"chatcmpl-huge\",\"object\":\"chat.completion.chunk\",\"model\":\"m\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + String.valueOf(letter).repeat(60_000)
        + "\"},\"finish_reason\":null}]}";
    return ("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  private static HttpRequest.Builder chat(String model) {
    return post("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  private static HttpRequest.Builder stream(String model) {
    return post("{\"model\":\"" + model + "\",\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  private static HttpRequest.Builder post(String body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
        .timeout(Duration.ofSeconds(60))
        .header("authorization", "Bearer " + KEY)
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  /**
   * Each request is in the access log exactly once and in the ledger exactly once; with
   * {@link Usage#EXACT} its tokens are those of the one answer, with {@link Usage#NONE} zero.
   */
  private static void assertRecordedOnce(List<Answer> answers, Usage usage) {
    List<String> ids = answers.stream().map(Answer::id).toList();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Map<String, Integer> logged = new HashMap<>();
      for (String line : Files.readAllLines(dir.resolve("access.log"))) {
        if (!line.isBlank()) {
          logged.merge(JSON.readTree(line).path("request_id").asText(), 1, Integer::sum);
        }
      }
      for (String id : ids) {
        assertThat(logged.getOrDefault(id, 0)).as("access-log records of " + id).isEqualTo(1);
      }
    });
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Map<String, long[]> ledger = ledgerRows(ids);
      for (String id : ids) {
        long[] row = ledger.get(id);
        assertThat(row).as("ledger record of " + id).isNotNull();
        assertThat(row[0]).as("ledger records of " + id).isEqualTo(1);
        switch (usage) {
          case EXACT -> assertThat(new long[] {row[1], row[2]}).as("tokens charged for " + id)
              .containsExactly(PROMPT_TOKENS, COMPLETION_TOKENS);
          case NONE -> assertThat(row[1] + row[2]).as("tokens charged for " + id).isZero();
          case ANY -> { }
        }
      }
    });
  }

  /** Per request id: {records, input tokens, output tokens}. */
  private static Map<String, long[]> ledgerRows(List<String> ids) throws SQLException {
    Map<String, long[]> rows = new HashMap<>();
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/ledger.db"));
        ResultSet result = db.createStatement().executeQuery(
            "SELECT request_id, count(*), sum(coalesce(input_tokens, 0)), sum(coalesce(output_tokens, 0))"
                + " FROM ledger GROUP BY request_id")) {
      while (result.next()) {
        if (ids.contains(result.getString(1))) {
          rows.put(result.getString(1), new long[] {result.getLong(2), result.getLong(3), result.getLong(4)});
        }
      }
    }
    return rows;
  }

  private static String errorCode(Answer answer) {
    try {
      return JSON.readTree(answer.body).path("error").path("code").asText();
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + answer.body, e);
    }
  }

  /** The last {@code data:} event of an SSE body, parsed. */
  private static JsonNode lastEvent(String body) {
    String last = null;
    for (String line : body.split("\n")) {
      if (line.startsWith("data: ")) {
        last = line.substring(6);
      }
    }
    try {
      return JSON.readTree(last);
    } catch (IOException e) {
      throw new AssertionError("last event is not JSON: " + last, e);
    }
  }


}
