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
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
  void eventsThatArriveInOneReadLeaveInOneWrite() throws Exception {
    // A provider that sends its whole answer, 12 events as 12 HTTP chunks, in one TCP write:
    // Sluice reads them at once and writes them on together (one system call, so one HTTP chunk
    // to the client), not one write per event, as nginx relays a read.
    int events = 12;
    try (ServerSocket provider = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        GatewayHarness burst = GatewayHarness.start("""
            backends:
              - { name: burst, type: openai-compatible, url: "http://127.0.0.1:${PORT}" }
            routes:
              - { name: all, match: { models: ["*"] }, targets: [ { backend: burst } ] }
            keys:
              - { id: alice, key: "${KEY}", owner: alice }
            """, GatewayHarness.env("PORT", Integer.toString(provider.getLocalPort()),
                "KEY", GatewayHarness.KEY))) {
      Thread answering = Thread.ofVirtual().start(() -> answerInOneWrite(provider, events));
      URI gatewayUri = URI.create(burst.baseUrl());
      byte[] body = streamBody("m", "hi").getBytes(StandardCharsets.UTF_8);
      String response;
      try (Socket client = new Socket(gatewayUri.getHost(), gatewayUri.getPort())) {
        client.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: sluice\r\n"
            + "Authorization: Bearer " + GatewayHarness.KEY + "\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        client.getOutputStream().write(body);
        response = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      }
      answering.join(5_000);

      String chunkedBody = response.substring(response.indexOf("\r\n\r\n") + 4);
      List<String> chunks = httpChunks(chunkedBody);
      String relayed = String.join("", chunks);
      assertThat(dataOf(relayed)).hasSize(events).last().isEqualTo("[DONE]");
      // Without coalescing each event was its own write and HTTP chunk: 12 here.
      assertThat(chunks).hasSizeLessThanOrEqualTo(3);
    }
  }

  /** Reads one request, then writes the whole streamed answer (headers and chunks) at once. */
  private static void answerInOneWrite(ServerSocket provider, int events) {
    try (Socket upstream = provider.accept()) {
      InputStream in = upstream.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        head.append((char) in.read());
      }
      int length = head.toString().lines()
          .filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
          .mapToInt(line -> Integer.parseInt(line.substring(15).strip())).findFirst().orElse(0);
      in.readNBytes(length);
      StringBuilder answer = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n");
      for (int i = 1; i <= events; i++) {
        String event = i < events
            ? "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"w" + i + " \"},"
                + "\"finish_reason\":" + (i == events - 1 ? "\"stop\"" : "null") + "}]}\n\n"
            : "data: [DONE]\n\n";
        answer.append(Integer.toHexString(event.length())).append("\r\n").append(event).append("\r\n");
      }
      answer.append("0\r\n\r\n");
      upstream.getOutputStream().write(answer.toString().getBytes(StandardCharsets.US_ASCII));
      upstream.getOutputStream().flush();
      in.read(); // hold the connection until the gateway is done with it
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The payloads of a chunked transfer-encoded body, chunk by chunk. */
  private static List<String> httpChunks(String chunked) {
    List<String> chunks = new ArrayList<>();
    int at = 0;
    while (true) {
      int lineEnd = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, lineEnd).strip(), 16);
      if (size == 0) {
        return chunks;
      }
      chunks.add(chunked.substring(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
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
