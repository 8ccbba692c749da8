package dev.sluice.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import dev.sluice.provider.GatewayForProviderTests;
import dev.sluice.testkit.FakeProvider;
import dev.sluice.testkit.FakeResponse;
import dev.sluice.testkit.RecordedRequest;
import dev.sluice.testkit.SseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK through a real Sluice to a fake Anthropic, which speaks the
 * Messages API's wire format: what the SDK gets, what the fake was sent, what Sluice recorded.
 */
class AnthropicEndToEndTest {
  static final String CLIENT_KEY = "sk-test-alice-0123456789";
  static final String UPSTREAM_KEY = "sk-ant-upstream-secret";
  static final ObjectMapper JSON = new ObjectMapper();

  static FakeProvider anthropic;
  static GatewayForProviderTests gateway;
  static OpenAIClient client;

  @BeforeAll
  static void start() {
    anthropic = FakeProvider.start();
    gateway = GatewayForProviderTests.startWithOwnKeys("""
        backends:
          - { name: claude, type: anthropic, url: "${FAKE}", apiKey: "${UPSTREAM_KEY}" }
        routes:
          - { name: claude, match: { models: [claude-sonnet-4-5] }, targets: [ { backend: claude } ], retry: { maxAttempts: 1 } }
        keys:
          - { id: alice, key: "${KEY}", owner: alice }
        """, Map.of("FAKE", anthropic.baseUrl(), "KEY", CLIENT_KEY, "UPSTREAM_KEY", UPSTREAM_KEY));
    client = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl() + "/v1").apiKey(CLIENT_KEY).maxRetries(0).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    gateway.close();
    anthropic.close();
  }

  @BeforeEach
  void resetFake() {
    anthropic.reset();
  }

  @Test
  void chatCompletionIsAnsweredByAnthropicsMessagesApi() {
    anthropic.enqueue(FakeResponse.json(200, """
        {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[{"type":"text","text":"Paris."}],"stop_reason":"end_turn","stop_sequence":null,
         "usage":{"input_tokens":21,"cache_creation_input_tokens":0,"cache_read_input_tokens":1200,"output_tokens":3}}
        """));

    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("claude-sonnet-4-5").addSystemMessage("Be brief.").addUserMessage("Capital of France?")
        .maxCompletionTokens(50).build());

    assertThat(completion.choices().getFirst().message().content()).hasValue("Paris.");
    assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    CompletionUsage usage = completion.usage().orElseThrow();
    assertThat(usage.promptTokens()).isEqualTo(1221);
    assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).hasValue(1200L);

    RecordedRequest sent = anthropic.requests().getFirst();
    assertThat(sent.path()).isEqualTo("/v1/messages");
    assertThat(sent.header("x-api-key")).isEqualTo(UPSTREAM_KEY);
    assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(sent.header("authorization")).isNull(); // the client's key stays with Sluice
    assertThat(sent.json()).isEqualTo(json("""
        {"model":"claude-sonnet-4-5","max_tokens":50,"system":"Be brief.",
         "messages":[{"role":"user","content":"Capital of France?"}]}"""));

    JsonNode record = gateway.accessRecords(1).getLast();
    assertThat(record.path("backend").asText()).isEqualTo("claude");
    assertThat(record.path("input_tokens").asLong()).isEqualTo(1221);
    assertThat(record.path("cached_input_tokens").asLong()).isEqualTo(1200);
    assertThat(record.path("output_tokens").asLong()).isEqualTo(3);
  }

  @Test
  void streamedChatArrivesAsChunksWithTheUsageFromMessageDelta() {
    anthropic.enqueue(FakeResponse.sse(List.of(
        messageStart("msg_02", "{\"input_tokens\":9,\"cache_read_input_tokens\":0,\"output_tokens\":1}"),
        SseEvent.named("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
        SseEvent.named("ping", "{\"type\":\"ping\"}"),
        textDelta("Hello"), textDelta(", world"),
        SseEvent.named("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
        messageDelta("end_turn", 6),
        SseEvent.named("message_stop", "{\"type\":\"message_stop\"}"))));

    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("claude-sonnet-4-5").addUserMessage("Say hello")
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
      stream.stream().forEach(chunks::add);
    }

    String text = chunks.stream().flatMap(c -> c.choices().stream())
        .map(c -> c.delta().content().orElse("")).reduce("", String::concat);
    assertThat(text).isEqualTo("Hello, world");
    CompletionUsage usage = chunks.getLast().usage().orElseThrow();
    assertThat(usage.promptTokens()).isEqualTo(9);
    assertThat(usage.completionTokens()).isEqualTo(6);
    assertThat(anthropic.requests().getFirst().json().path("stream").asBoolean()).isTrue();
    assertThat(gateway.accessRecords(1).getLast().path("output_tokens").asLong()).isEqualTo(6);
  }

  @Test
  void streamedToolCallAccumulatesToTheArgumentsClaudeWrote() {
    anthropic.enqueue(FakeResponse.sse(List.of(
        messageStart("msg_03", "{\"input_tokens\":40,\"output_tokens\":1}"),
        SseEvent.named("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"get_weather\",\"input\":{}}}"),
        jsonDelta(""), jsonDelta("{\\\"city\\\":"), jsonDelta(" \\\"Paris\\\"}"),
        SseEvent.named("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
        messageDelta("tool_use", 12),
        SseEvent.named("message_stop", "{\"type\":\"message_stop\"}"))));
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
        .model("claude-sonnet-4-5").addUserMessage("Weather in Paris?")
        .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name("get_weather")
            .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object")).build())
            .build()).build())
        .build();

    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(accumulator::accumulate);
    }

    ChatCompletion.Choice choice = accumulator.chatCompletion().choices().getFirst();
    ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().getFirst().asFunction();
    assertThat(call.id()).isEqualTo("toolu_01");
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(call.function().arguments()).isEqualTo("{\"city\": \"Paris\"}");
    assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    assertThat(anthropic.requests().getFirst().json().at("/tools/0")).isEqualTo(
        json("{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\"}}"));
  }

  @Test
  void aFieldAnthropicCannotExpressIsA400NamingItAndNothingIsSent() {
    assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
            .model("claude-sonnet-4-5").addUserMessage("hi").n(2).build()))
        .isInstanceOfSatisfying(BadRequestException.class, e -> {
          assertThat(e.param()).hasValue("n");
          assertThat(e.getMessage()).contains("n: 2");
        });
    assertThat(anthropic.requestCount()).isZero();
  }

  @Test
  void anthropicsRejectionReachesTheClientWithItsMessage() {
    anthropic.enqueue(FakeResponse.json(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
        + "\"message\":\"max_tokens: 100000 > 64000, which is the maximum allowed\"}}"));

    assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
            .model("claude-sonnet-4-5").addUserMessage("hi").maxCompletionTokens(100000).build()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("max_tokens: 100000 > 64000");
  }

  static SseEvent messageStart(String id, String usage) {
    return SseEvent.named("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"" + id + "\","
        + "\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5-20250929\","
        + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":" + usage + "}}");
  }

  static SseEvent textDelta(String text) {
    return SseEvent.named("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}");
  }

  static SseEvent jsonDelta(String partialJson) {
    return SseEvent.named("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"" + partialJson + "\"}}");
  }

  static SseEvent messageDelta(String stopReason, int outputTokens) {
    return SseEvent.named("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
        + stopReason + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + outputTokens + "}}");
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
