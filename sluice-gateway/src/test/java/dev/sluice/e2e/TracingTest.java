package dev.sluice.e2e;

import static dev.sluice.e2e.GatewayHarness.chatBody;
import static dev.sluice.e2e.GatewayHarness.streamBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.observe.Telemetry;
import dev.sluice.testkit.FakeProvider;
import dev.sluice.testkit.FakeResponse;
import dev.sluice.testkit.RecordedRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The request's span and its attempts' child spans, as the SDK's in-memory exporter receives
 * them from a real gateway over real HTTP; and the W3C trace context as the provider receives it.
 */
class TracingTest {
  static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String CALLER_SPAN = "00f067aa0ba902b7";
  static final String TRACEPARENT = "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01";

  static FakeProvider provider;
  static InMemorySpanExporter spans = InMemorySpanExporter.create();
  static GatewayHarness gateway;

  @BeforeAll
  static void start() {
    provider = FakeProvider.start();
    gateway = GatewayHarness.start("", """
        backends:
          - { name: primary, type: openai, url: "${PRIMARY}", apiKey: upstream-secret }
          - { name: local, type: mock }
        routes:
          - name: traced
            match: { models: ["gpt-*", "text-embedding-*"] }
            targets: [ { backend: primary } ]
            retry: { maxAttempts: 2, backoff: { initial: 10ms, max: 10ms, jitter: none } }
          - name: mocked
            match: { models: ["claude-*"] }
            targets: [ { backend: local } ]
        pricing: { gpt-traced: { input: 1000, output: 1000 } }
        teams:
          - { name: research, projects: [ { name: search } ] }
        keys:
          - { id: alice, key: "${KEY}", owner: alice, team: research, project: search }
        """, GatewayHarness.env("PRIMARY", provider.baseUrl(), "KEY", GatewayHarness.KEY),
        config -> Telemetry.of(config.observability(), spans, null));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    provider.close();
  }

  @BeforeEach
  void reset() {
    provider.reset();
    spans.reset();
  }

  @Test
  void chatSpanCarriesTheGenAiAndSluiceAttributes() {
    provider.enqueue(FakeResponse.chatCompletion("gpt-traced", "hello", 12, 3));
    HttpResponse<String> response = gateway.chat("{\"model\":\"gpt-traced\",\"max_tokens\":50,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-request-id", "req-span-1");
    assertThat(response.statusCode()).isEqualTo(200);

    SpanData server = serverSpan();
    assertThat(server.getName()).isEqualTo("chat gpt-traced");
    assertThat(server.getAttributes().asMap()).containsAllEntriesOf(Map.of(
        key("gen_ai.operation.name"), "chat",
        key("gen_ai.provider.name"), "openai",
        key("gen_ai.request.model"), "gpt-traced",
        key("gen_ai.response.model"), "gpt-traced",
        AttributeKey.longKey("gen_ai.usage.input_tokens"), 12L,
        AttributeKey.longKey("gen_ai.usage.output_tokens"), 3L,
        AttributeKey.longKey("gen_ai.request.max_tokens"), 50L,
        AttributeKey.booleanKey("gen_ai.request.stream"), false));
    assertThat(server.getAttributes().asMap()).containsAllEntriesOf(Map.of(
        key("sluice.team"), "research",
        key("sluice.project"), "search",
        key("sluice.key_id"), "alice",
        key("sluice.backend"), "primary",
        AttributeKey.longKey("sluice.attempts"), 1L,
        AttributeKey.doubleKey("sluice.cost_usd"), 0.015,
        key("sluice.request_id"), "req-span-1",
        AttributeKey.longKey("http.response.status_code"), 200L));
    assertThat(server.getAttributes().get(key("error.type"))).isNull();
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

    SpanData attempt = single(clientSpans());
    assertThat(attempt.getName()).isEqualTo("chat gpt-traced");
    assertThat(attempt.getTraceId()).isEqualTo(server.getTraceId());
    assertThat(attempt.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(attempt.getAttributes().asMap()).containsAllEntriesOf(Map.of(
        key("gen_ai.provider.name"), "openai",
        key("server.address"), "127.0.0.1",
        AttributeKey.longKey("server.port"), (long) provider.port(),
        AttributeKey.longKey("http.response.status_code"), 200L,
        key("gen_ai.operation.name"), "chat",
        key("gen_ai.request.model"), "gpt-traced"));
    assertThat(attempt.getAttributes().get(AttributeKey.longKey("http.request.resend_count"))).isNull();
    // What the SERVER span already says is not repeated on each attempt (export cost).
    assertThat(attempt.getAttributes().get(key("sluice.backend"))).isNull();
    assertThat(server.getAttributes().get(key("sluice.route"))).isNull();
  }

  @Test
  void continuesTheCallersTraceAndPropagatesItUpstream() {
    gateway.chat(chatBody("gpt-traced", "hi"), "traceparent", TRACEPARENT, "tracestate", "vendor=1");

    SpanData server = serverSpan();
    assertThat(server.getTraceId()).isEqualTo(CALLER_TRACE);
    assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN);
    SpanData attempt = single(clientSpans());
    RecordedRequest upstream = provider.awaitRequests(1, Duration.ofSeconds(5)).getFirst();
    // The provider sees the same trace, with the attempt's span as its parent.
    assertThat(upstream.header("traceparent"))
        .isEqualTo("00-" + CALLER_TRACE + "-" + attempt.getSpanId() + "-01");
    assertThat(upstream.header("tracestate")).isEqualTo("vendor=1");
  }

  @Test
  void aTraceTheCallerDoesNotRecordIsNotRecordedAndGoesUpstreamAsItCame() {
    String unsampled = "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-00";
    gateway.chat(chatBody("gpt-traced", "hi"), "traceparent", unsampled, "tracestate", "vendor=2");

    RecordedRequest upstream = provider.awaitRequests(1, Duration.ofSeconds(5)).getFirst();
    assertThat(upstream.header("traceparent")).isEqualTo(unsampled);
    assertThat(upstream.header("tracestate")).isEqualTo("vendor=2");
    gateway.chat(chatBody("gpt-traced", "hi")); // recorded: once its span is in, so is any before
    serverSpan();
    assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getTraceId)
        .doesNotContain(CALLER_TRACE);
  }

  @Test
  void startsANewTraceWhenTheCallerSentNone() {
    gateway.chat(chatBody("gpt-traced", "hi"));

    SpanData server = serverSpan();
    assertThat(server.getParentSpanId()).isEqualTo("0000000000000000");
    String traceparent = provider.awaitRequests(1, Duration.ofSeconds(5)).getFirst().header("traceparent");
    // Sampled (01), and a trace id Sluice generated at random (02, W3C trace context level 2).
    assertThat(traceparent).isEqualTo(
        "00-" + server.getTraceId() + "-" + single(clientSpans()).getSpanId() + "-03");
  }

  @Test
  void eachRetryGetsItsOwnClientSpan() {
    provider.enqueue(FakeResponse.error(503, "server_error", "overloaded"),
        FakeResponse.chatCompletion("gpt-traced", "hello", 5, 1));
    assertThat(gateway.chat(chatBody("gpt-traced", "hi")).statusCode()).isEqualTo(200);

    SpanData server = serverSpan();
    assertThat(server.getAttributes().get(AttributeKey.longKey("sluice.attempts"))).isEqualTo(2L);
    List<SpanData> attempts = clientSpans();
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(0).getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(503L);
    assertThat(attempts.get(0).getAttributes().get(key("error.type"))).isEqualTo("http_5xx");
    assertThat(attempts.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(attempts.get(1).getAttributes().get(AttributeKey.longKey("http.request.resend_count"))).isEqualTo(1L);
    assertThat(attempts.get(1).getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    // Each attempt told the provider its own span.
    List<RecordedRequest> upstream = provider.awaitRequests(2, Duration.ofSeconds(5));
    assertThat(upstream.get(0).header("traceparent")).contains(attempts.get(0).getSpanId());
    assertThat(upstream.get(1).header("traceparent")).contains(attempts.get(1).getSpanId());
  }

  @Test
  void aFailedRequestCarriesErrorType() {
    provider.setDefault(FakeResponse.error(500, "server_error", "down"));
    assertThat(gateway.chat(chatBody("gpt-traced", "hi")).statusCode()).isEqualTo(502);

    SpanData server = serverSpan();
    assertThat(server.getAttributes().get(key("error.type"))).isEqualTo("upstream_failed");
    assertThat(server.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(502L);
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void aStreamCutByTheProviderIsAnErrorThoughItBeganWith200() {
    provider.enqueue(FakeResponse.chatStream("gpt-traced", List.of("a", "b", "c"), true, 4, 3)
        .resetAfter(1));
    HttpResponse<String> response = gateway.chat(streamBody("gpt-traced", "hi"));
    assertThat(response.statusCode()).isEqualTo(200);

    SpanData server = serverSpan();
    assertThat(server.getAttributes().get(key("error.type"))).isEqualTo("upstream_failed");
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(single(clientSpans()).getAttributes().get(key("error.type"))).isEqualTo("broken");
  }

  @Test
  void aRejectedRequestIsTracedWithoutAttempts() {
    HttpResponse<String> response = gateway.post("/v1/chat/completions", chatBody("gpt-traced", "hi"),
        "authorization", "Bearer wrong-key");
    assertThat(response.statusCode()).isEqualTo(401);

    SpanData server = serverSpan();
    assertThat(server.getName()).isEqualTo("chat"); // the body is not read for an unknown caller
    assertThat(server.getAttributes().get(key("error.type"))).isEqualTo("invalid_api_key");
    assertThat(clientSpans()).isEmpty();
  }

  @Test
  void streamsEmbeddingsAndMessagesAreNamedByOperation() {
    provider.enqueue(FakeResponse.chatStream("gpt-traced", List.of("a", "b"), true, 4, 2));
    gateway.chat(streamBody("gpt-traced", "hi"));
    assertThat(serverSpan().getAttributes().get(AttributeKey.booleanKey("gen_ai.request.stream"))).isTrue();
    spans.reset();

    provider.enqueue(FakeResponse.embeddings("text-embedding-3-small", 3, 4));
    gateway.post("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":\"hi\"}",
        "authorization", "Bearer " + GatewayHarness.KEY);
    SpanData embeddings = serverSpan();
    assertThat(embeddings.getName()).isEqualTo("embeddings text-embedding-3-small");
    assertThat(embeddings.getAttributes().get(key("gen_ai.operation.name"))).isEqualTo("embeddings");
    spans.reset();

    gateway.post("/v1/messages", "{\"model\":\"claude-traced\",\"max_tokens\":20,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-api-key", GatewayHarness.KEY);
    SpanData messages = serverSpan();
    assertThat(messages.getName()).isEqualTo("messages claude-traced");
    assertThat(messages.getAttributes().get(key("gen_ai.operation.name"))).isEqualTo("chat");
    assertThat(messages.getAttributes().get(key("gen_ai.provider.name"))).isEqualTo("sluice.mock");
  }

  @Test
  void messageContentsAreNotRecordedByDefault() {
    provider.enqueue(FakeResponse.chatCompletion("gpt-traced", "my-secret-answer", 3, 1));
    gateway.chat(chatBody("gpt-traced", "my-secret-prompt"));

    serverSpan();
    assertThat(spans.getFinishedSpanItems()).allSatisfy(span ->
        assertThat(span.getAttributes().asMap().values()).noneMatch(v -> v.toString().contains("my-secret-prompt")
            || v.toString().contains("my-secret-answer")));
    assertThat(serverSpan().getAttributes().get(key("gen_ai.output.messages"))).isNull();
  }

  @Test
  void answersAreRecordedWhenCaptureContentIsOnWholeAndStreamed() {
    InMemorySpanExporter captured = InMemorySpanExporter.create();
    try (GatewayHarness capturing = GatewayHarness.start("captureContent: true", """
        backends: [ { name: primary, type: openai, url: "${PRIMARY}", apiKey: k } ]
        routes: [ { name: all, match: { models: ["*"] }, targets: [ { backend: primary } ] } ]
        keys: [ { id: alice, key: "${KEY}", owner: alice } ]
        """, GatewayHarness.env("PRIMARY", provider.baseUrl(), "KEY", GatewayHarness.KEY),
        config -> Telemetry.of(config.observability(), captured, null))) {
      provider.enqueue(FakeResponse.chatCompletion("gpt-whole", "the whole answer", 3, 3));
      assertThat(capturing.chat(chatBody("gpt-whole", "q1")).statusCode()).isEqualTo(200);
      provider.enqueue(FakeResponse.chatStream("gpt-streamed", List.of("stre", "amed ", "answer"), true, 3, 3));
      assertThat(capturing.chat(streamBody("gpt-streamed", "q2")).statusCode()).isEqualTo(200);

      List<SpanData> servers = await().atMost(Duration.ofSeconds(5)).until(
          () -> captured.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.SERVER).toList(),
          list -> list.size() == 2);
      assertThat(servers).extracting(s -> s.getAttributes().get(key("gen_ai.output.messages"))).containsExactly(
          "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"the whole answer\"}],"
              + "\"finish_reason\":\"stop\"}]",
          "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"streamed answer\"}],"
              + "\"finish_reason\":\"stop\"}]");
    }
  }

  @Test
  void messagesAreRecordedWhenCaptureContentIsOn() {
    InMemorySpanExporter captured = InMemorySpanExporter.create();
    try (GatewayHarness capturing = GatewayHarness.start("captureContent: true", """
        backends: [ { name: local, type: mock } ]
        routes: [ { name: all, match: { models: ["*"] }, targets: [ { backend: local } ] } ]
        keys: [ { id: alice, key: "${KEY}", owner: alice } ]
        """, GatewayHarness.env("KEY", GatewayHarness.KEY),
        config -> Telemetry.of(config.observability(), captured, null))) {
      capturing.chat(chatBody("gpt-any", "my-opted-in-prompt"));

      SpanData server = await().atMost(Duration.ofSeconds(5)).until(
          () -> captured.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.SERVER).toList(),
          list -> !list.isEmpty()).getFirst();
      assertThat(server.getAttributes().get(key("gen_ai.input.messages")))
          .isEqualTo("[{\"role\":\"user\",\"content\":\"my-opted-in-prompt\"}]");
    }
  }

  private static SpanData serverSpan() {
    return await().atMost(Duration.ofSeconds(5)).until(
        () -> spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.SERVER).toList(),
        list -> list.size() == 1).getFirst();
  }

  private static List<SpanData> clientSpans() {
    return spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CLIENT).toList();
  }

  private static SpanData single(List<SpanData> list) {
    assertThat(list).hasSize(1);
    return list.getFirst();
  }

  private static AttributeKey<String> key(String name) {
    return AttributeKey.stringKey(name);
  }
}
