package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.testkit.FakeProvider;
import dev.sluice.testkit.FakeResponse;
import dev.sluice.testkit.SseEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official Anthropic Java SDK, changed only in its base URL, against {@code /v1/messages}:
 * served once by an OpenAI backend and once by an Anthropic one.
 */
class AnthropicClientTest {
  static FakeProvider openai;
  static FakeProvider anthropic;
  static GatewayHarness gateway;
  static AnthropicClient client;

  @BeforeAll
  static void start() {
    openai = FakeProvider.start();
    anthropic = FakeProvider.start();
    gateway = GatewayHarness.start("""
        backends:
          - { name: oai, type: openai, url: "${OPENAI}", apiKey: sk-openai-upstream }
          - { name: claude, type: anthropic, url: "${ANTHROPIC}", apiKey: sk-ant-upstream }
        routes:
          - { name: to-openai, match: { models: [gpt-4o] }, targets: [ { backend: oai } ] }
          - { name: to-claude, match: { models: ["claude-*"] }, targets: [ { backend: claude } ] }
        keys:
          - { id: alice, key: "${KEY}", owner: alice }
        """, GatewayHarness.env("OPENAI", openai.baseUrl(), "ANTHROPIC", anthropic.baseUrl(),
            "KEY", GatewayHarness.KEY));
    client = AnthropicOkHttpClient.builder().baseUrl(gateway.baseUrl()).apiKey(GatewayHarness.KEY)
        .maxRetries(0).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    gateway.close();
    openai.close();
    anthropic.close();
  }

  @BeforeEach
  void resetFakes() {
    openai.reset();
    anthropic.reset();
  }

  private static MessageCreateParams ask(String model, String text) {
    return MessageCreateParams.builder().model(model).maxTokens(256).system("Be brief.")
        .addUserMessage(text).build();
  }

  @Test
  void messagesServedByAnOpenAiBackend() {
    openai.enqueue(FakeResponse.chatCompletion("gpt-4o", "Paris.", 20, 3));

    Message message = client.messages().create(ask("gpt-4o", "Capital of France?"));

    assertThat(message.content().getFirst().text().orElseThrow().text()).isEqualTo("Paris.");
    assertThat(message.usage().inputTokens()).isEqualTo(20);
    assertThat(message.usage().outputTokens()).isEqualTo(3);
    JsonNode sent = openai.requests().getFirst().json();
    assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
    assertThat(sent.at("/messages/1/content").asText()).isEqualTo("Capital of France?");
    assertThat(sent.path("max_tokens").asInt()).isEqualTo(256);
    assertThat(openai.requests().getFirst().header("authorization")).isEqualTo("Bearer sk-openai-upstream");
  }

  @Test
  void streamedMessagesServedByAnOpenAiBackend() {
    openai.enqueue(FakeResponse.chatStream("gpt-4o", List.of("Par", "is."), true, 20, 3));

    MessageAccumulator accumulator = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(ask("gpt-4o", "Capital of France?"))) {
      stream.stream().forEach(accumulator::accumulate);
    }

    Message message = accumulator.message();
    assertThat(message.content().getFirst().text().orElseThrow().text()).isEqualTo("Paris.");
    assertThat(message.usage().outputTokens()).isEqualTo(3);
  }

  @Test
  void messagesServedByAnAnthropicBackend() throws Exception {
    anthropic.enqueue(FakeResponse.json(200, """
        {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[{"type":"text","text":"Paris."}],"stop_reason":"end_turn","stop_sequence":null,
         "usage":{"input_tokens":12,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":4}}
        """));

    Message message = client.messages().create(ask("claude-sonnet-4-5", "Capital of France?"));

    assertThat(message.content().getFirst().text().orElseThrow().text()).isEqualTo("Paris.");
    assertThat(message.usage().inputTokens()).isEqualTo(12);
    assertThat(anthropic.requests().getFirst().path()).isEqualTo("/v1/messages");
    assertThat(anthropic.requests().getFirst().header("x-api-key")).isEqualTo("sk-ant-upstream");
    assertThat(anthropic.requests().getFirst().json().path("system").asText()).isEqualTo("Be brief.");
  }

  @Test
  void streamedMessagesServedByAnAnthropicBackend() {
    anthropic.enqueue(FakeResponse.sse(List.of(
        SseEvent.named("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}"),
        SseEvent.named("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
        SseEvent.named("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Par\"}}"),
        SseEvent.named("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"is.\"}}"),
        SseEvent.named("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
        SseEvent.named("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":4}}"),
        SseEvent.named("message_stop", "{\"type\":\"message_stop\"}"))));

    MessageAccumulator accumulator = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(ask("claude-sonnet-4-5", "Capital of France?"))) {
      stream.stream().forEach(accumulator::accumulate);
    }

    assertThat(accumulator.message().content().getFirst().text().orElseThrow().text()).isEqualTo("Paris.");
    assertThat(accumulator.message().usage().outputTokens()).isEqualTo(4);
  }

  @Test
  void errorsComeInAnthropicsShape() {
    AnthropicClient stranger = AnthropicOkHttpClient.builder().baseUrl(gateway.baseUrl())
        .apiKey("sk-wrong").maxRetries(0).build();
    try {
      assertThatThrownBy(() -> stranger.messages().create(ask("gpt-4o", "hi")))
          .isInstanceOf(UnauthorizedException.class);
    } finally {
      stranger.close();
    }
    assertThatThrownBy(() -> client.messages().create(ask("llama-x", "hi")))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void aFieldNoOpenAiBackendCanExpressIsA400NamingIt() {
    String body = "{\"model\":\"gpt-4o\",\"max_tokens\":10,\"top_k\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    var response = gateway.post("/v1/messages", body, "x-api-key", GatewayHarness.KEY);

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = GatewayHarness.json(response.body());
    assertThat(error.path("type").asText()).isEqualTo("error");
    assertThat(error.at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.at("/error/message").asText()).contains("top_k");
    assertThat(error.path("request_id").asText()) // as Anthropic's own errors carry it
        .isEqualTo(response.headers().firstValue("x-request-id").orElseThrow());
    assertThat(openai.requestCount()).isZero();
  }

  @Test
  void anAnthropicBackendIsSentTheClientsOwnBodyWithFieldsOpenAiCannotExpress() {
    anthropic.enqueue(FakeResponse.json(200, """
        {"id":"msg_02","type":"message","role":"assistant","model":"claude-sonnet-4-5",
         "content":[{"type":"thinking","thinking":"Paris is the capital.","signature":"sig"},
                    {"type":"text","text":"Paris."}],
         "stop_reason":"end_turn","stop_sequence":null,
         "usage":{"input_tokens":5,"cache_creation_input_tokens":100,"cache_read_input_tokens":1000,"output_tokens":40}}
        """));
    String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":2048,\"top_k\":5,"
        + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},"
        + "\"system\":[{\"type\":\"text\",\"text\":\"Be brief.\",\"cache_control\":{\"type\":\"ephemeral\"}}],"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Capital of France?\"}]}";

    var response = gateway.post("/v1/messages", body, "x-api-key", GatewayHarness.KEY,
        "x-request-id", "passthrough-1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(anthropic.requests().getFirst().body()).isEqualTo(body); // byte for byte
    JsonNode message = GatewayHarness.json(response.body());
    assertThat(message.at("/content/0/type").asText()).isEqualTo("thinking");
    assertThat(message.at("/content/1/text").asText()).isEqualTo("Paris.");
    JsonNode record = gateway.accessRecords(1).stream()
        .filter(r -> r.path("request_id").asText().equals("passthrough-1")).findFirst().orElseThrow();
    assertThat(record.path("input_tokens").asLong()).isEqualTo(1105); // uncached + writes + reads
    assertThat(record.path("cached_input_tokens").asLong()).isEqualTo(1000);
    assertThat(record.path("output_tokens").asLong()).isEqualTo(40);
  }

  @Test
  void aStreamFromAnAnthropicBackendIsRelayedAsItCame() {
    List<SseEvent> events = List.of(
        SseEvent.named("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_03\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}"),
        SseEvent.named("ping", "{\"type\":\"ping\"}"),
        SseEvent.named("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
        SseEvent.named("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Paris.\"}}"),
        SseEvent.named("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
        SseEvent.named("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":7}}"),
        SseEvent.named("message_stop", "{\"type\":\"message_stop\"}"));
    anthropic.enqueue(FakeResponse.sse(events));
    String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    var response = gateway.post("/v1/messages", body, "x-api-key", GatewayHarness.KEY,
        "x-request-id", "passthrough-2");

    assertThat(response.body()).contains("event: ping").contains("\"text\":\"Paris.\"")
        .contains("event: message_stop");
    JsonNode record = gateway.accessRecords(1).stream()
        .filter(r -> r.path("request_id").asText().equals("passthrough-2")).findFirst().orElseThrow();
    assertThat(record.path("input_tokens").asLong()).isEqualTo(12);
    assertThat(record.path("output_tokens").asLong()).isEqualTo(7);
  }

  @Test
  void theAccessLogNamesTheMessagesEndpoint() {
    openai.enqueue(FakeResponse.chatCompletion("gpt-4o", "ok", 5, 1));
    client.messages().create(ask("gpt-4o", "hi"));

    assertThat(gateway.accessRecords(1).stream().map(r -> r.path("endpoint").asText()))
        .contains("messages");
  }
}
