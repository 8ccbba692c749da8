package dev.sluice.e2e;

import static dev.sluice.e2e.GatewayHarness.chatBody;
import static dev.sluice.e2e.GatewayHarness.json;
import static dev.sluice.e2e.GatewayHarness.streamBody;
import static dev.sluice.e2e.StreamingTest.dataOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.FakeProvider;
import dev.sluice.testkit.FakeResponse;
import dev.sluice.testkit.RecordedRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A backend with {@code http2: true} is spoken to over HTTP/2 (cleartext, prior knowledge), and
 * the client, on HTTP/1.1, sees the same answers as over HTTP/1.1.
 */
class Http2UpstreamTest {
  static FakeProvider provider;
  static GatewayHarness gateway;

  @BeforeAll
  static void start() {
    provider = FakeProvider.startHttp2();
    gateway = GatewayHarness.start("""
        backends: [ { name: primary, type: openai, url: "${PRIMARY}", apiKey: upstream-secret, http2: true,
            maxConcurrent: 100 } ]
        routes: [ { name: all, match: { models: ["*"] }, targets: [ { backend: primary } ] } ]
        keys: [ { id: alice, key: "${KEY}", owner: alice } ]
        """, GatewayHarness.env("PRIMARY", provider.baseUrl(), "KEY", GatewayHarness.KEY));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    provider.close();
  }

  @BeforeEach
  void reset() {
    provider.reset();
  }

  @Test
  void sendsAChatOverHttp2WithTheCredentialAndTheBody() {
    provider.enqueue(FakeResponse.chatCompletion("gpt-4o", "over h2", 5, 2));

    HttpResponse<String> response = gateway.chat(chatBody("gpt-4o", "hi"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response.body()).at("/choices/0/message/content").asText()).isEqualTo("over h2");
    RecordedRequest upstream = provider.awaitRequests(1, Duration.ofSeconds(5)).getFirst();
    assertThat(upstream.protocol()).isEqualTo("HTTP/2");
    assertThat(upstream.header("authorization")).isEqualTo("Bearer upstream-secret");
    assertThat(upstream.json().at("/messages/0/content").asText()).isEqualTo("hi");
  }

  @Test
  void relaysAStreamOverHttp2() {
    provider.enqueue(FakeResponse.chatStream("gpt-4o", List.of("one ", "two"), true, 9, 2));

    HttpResponse<String> response = gateway.chat(streamBody("gpt-4o", "hi"));

    assertThat(response.statusCode()).isEqualTo(200);
    List<String> data = dataOf(response.body());
    assertThat(data.getLast()).isEqualTo("[DONE]");
    StringBuilder text = new StringBuilder();
    for (String chunk : data.subList(0, data.size() - 1)) {
      text.append(json(chunk).at("/choices/0/delta/content").asText(""));
    }
    assertThat(text.toString()).isEqualTo("one two");
    assertThat(provider.awaitRequests(1, Duration.ofSeconds(5)).getFirst().protocol())
        .isEqualTo("HTTP/2");
  }

  @Test
  void concurrentRequestsShareTheHttp2Connection() throws Exception {
    int n = 20;
    for (int i = 0; i < n; i++) {
      provider.enqueue(FakeResponse.chatCompletion("gpt-4o", "answer", 5, 1)
          .withDelay(Duration.ofMillis(200)));
    }
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) {
        answers.add(CompletableFuture.supplyAsync(() -> gateway.chat(chatBody("gpt-4o", "hi")), pool));
      }
      for (CompletableFuture<HttpResponse<String>> answer : answers) {
        assertThat(answer.get().statusCode()).isEqualTo(200);
      }
    }
    assertThat(provider.awaitRequests(n, Duration.ofSeconds(5)))
        .allSatisfy(r -> assertThat(r.protocol()).isEqualTo("HTTP/2"));
    // 20 requests in flight at once, over HTTP/2: with maxConcurrent 100, one connection per
    // event loop (server.eventLoops: one per core by default), not one per request.
    assertThat(provider.connectionsOpened()).isLessThanOrEqualTo(Runtime.getRuntime().availableProcessors());
  }
}
