package dev.sluice.e2e;

import static dev.sluice.e2e.GatewayHarness.json;
import static dev.sluice.e2e.GatewayHarness.streamBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.testkit.FakeProvider;
import dev.sluice.testkit.FakeResponse;
import dev.sluice.testkit.SseEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SSE relay: events as they arrive, usage accounting, and failures before and after the first byte. */
class StreamingTest {
  static FakeProvider primary;
  static FakeProvider secondary;
  static GatewayHarness gateway;

  @BeforeAll
  static void start() {
    primary = FakeProvider.start();
    secondary = FakeProvider.start();
    gateway = GatewayHarness.start("""
        backends:
          - { name: primary, type: openai-compatible, url: "${PRIMARY}",
              timeouts: { firstByte: 2s, idle: 300ms } }
          - { name: secondary, type: openai-compatible, url: "${SECONDARY}" }
        routes:
          - name: streams
            match: { models: ["*"] }
            targets: [ { backend: primary }, { backend: secondary, priority: 1 } ]
            retry: { maxAttempts: 1 }
        keys:
          - { id: alice, key: "${KEY}", owner: alice }
        """, GatewayHarness.env("PRIMARY", primary.baseUrl(), "SECONDARY", secondary.baseUrl(),
            "KEY", GatewayHarness.KEY));
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

  /** Data payloads of the SSE events in a response body, [DONE] included. */
  static List<String> dataOf(String body) {
    List<String> data = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("data: ")) {
        data.add(line.substring(6));
      }
    }
    return data;
  }

  @Test
  void relaysEveryEventAsItArrives() throws Exception {
    primary.enqueue(FakeResponse.chatStream("m", List.of("one ", "two ", "three"), true, 9, 3)
        .withEventDelay(Duration.ofMillis(150)));
    HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
        .header("authorization", "Bearer " + GatewayHarness.KEY)
        .POST(HttpRequest.BodyPublishers.ofString(streamBody("m", "hi"))).build();
    long start = System.nanoTime();
    HttpResponse<InputStream> response = HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.ofInputStream());

    List<Long> arrivalsMs = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("data: ")) {
          arrivalsMs.add((System.nanoTime() - start) / 1_000_000);
        }
      }
    }
    assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
    // role + 3 pieces + finish + [DONE] reach the client (the usage chunk does not: not asked for)
    assertThat(arrivalsMs).hasSize(6);
    // 150 ms between upstream events: the first event reached the client long before the last.
    assertThat(arrivalsMs.getLast() - arrivalsMs.getFirst()).isGreaterThanOrEqualTo(600);
  }

  @Test
  void asksUpstreamForUsageAndKeepsTheUsageChunkFromAClientThatDidNotAsk() {
    primary.enqueue(FakeResponse.chatStream("m", List.of("a", "b"), true, 11, 2));

    HttpResponse<String> response = gateway.chat(streamBody("m", "hi"), "x-request-id", "stream-usage-1");

    JsonNode sent = primary.awaitRequests(1, Duration.ofSeconds(5)).getFirst().json();
    assertThat(sent.at("/stream_options/include_usage").asBoolean()).isTrue();
    List<String> data = dataOf(response.body());
    assertThat(data.getLast()).isEqualTo("[DONE]");
    assertThat(data.subList(0, data.size() - 1)).allSatisfy(chunk ->
        assertThat(json(chunk).path("choices").size()).isEqualTo(1));
    JsonNode record = recordOf("stream-usage-1");
    assertThat(record.path("input_tokens").asLong()).isEqualTo(11);
    assertThat(record.path("output_tokens").asLong()).isEqualTo(2);
    assertThat(record.path("stream").asBoolean()).isTrue();
    assertThat(record.path("ttft_ms").isNumber()).isTrue();
  }

  @Test
  void clientThatAskedForUsageGetsTheUsageChunk() {
    primary.enqueue(FakeResponse.chatStream("m", List.of("a"), true, 4, 1));
    String body = "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    HttpResponse<String> response = gateway.chat(body);

    List<String> data = dataOf(response.body());
    JsonNode usageChunk = json(data.get(data.size() - 2));
    assertThat(usageChunk.path("choices").size()).isZero();
    assertThat(usageChunk.at("/usage/prompt_tokens").asLong()).isEqualTo(4);
  }

  @Test
  void resetMidStreamEndsWithAnErrorEvent() {
    primary.enqueue(FakeResponse.chatStream("m", List.of("a", "b", "c"), true, 4, 3)
        .withEventDelay(Duration.ofMillis(20)).resetAfter(2));

    HttpResponse<String> response = gateway.chat(streamBody("m", "hi"), "x-request-id", "stream-reset-1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("event: error");
    JsonNode error = json(dataOf(response.body()).getLast());
    assertThat(error.at("/error/code").asText()).isEqualTo("upstream_failed");
    assertThat(secondary.requestCount()).isZero(); // bytes had reached the client: no retry
    assertThat(recordOf("stream-reset-1").path("error_code").asText()).isEqualTo("upstream_failed");
  }

  @Test
  void streamCutBeforeDoneEndsWithAnErrorEvent() {
    primary.enqueue(FakeResponse.truncatedSse(List.of(
        SseEvent.data("{\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"partial\"}}]}"))));

    HttpResponse<String> response = gateway.chat(streamBody("m", "hi"));

    assertThat(response.body()).contains("partial").contains("event: error");
  }

  @Test
  void streamThatStallsAfterStartingEndsWith504Event() {
    primary.enqueue(FakeResponse.sse(List.of(
        SseEvent.data("{\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}"),
        SseEvent.done().withDelay(Duration.ofSeconds(3)))));

    HttpResponse<String> response = gateway.chat(streamBody("m", "hi"));

    assertThat(json(dataOf(response.body()).getLast()).at("/error/code").asText()).isEqualTo("upstream_timeout");
  }

  @Test
  void failureBeforeAnyEventIsRetriedElsewhere() {
    primary.enqueue(FakeResponse.chatStream("m", List.of("a"), true, 1, 1).resetAfter(0));
    secondary.enqueue(FakeResponse.chatStream("m", List.of("from secondary"), true, 1, 1));

    HttpResponse<String> response = gateway.chat(streamBody("m", "hi"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-sluice-backend")).hasValue("secondary");
    assertThat(response.body()).contains("from secondary").doesNotContain("event: error");
  }

  private static JsonNode recordOf(String requestId) {
    for (int attempt = 0; attempt < 50; attempt++) {
      for (JsonNode record : gateway.accessRecords(1)) {
        if (requestId.equals(record.path("request_id").asText())) {
          return record;
        }
      }
      sleep();
    }
    throw new AssertionError("no access record for " + requestId);
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
