package dev.sluice.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.sluice.provider.GatewayForProviderTests;
import dev.sluice.testkit.FakeProvider;
import dev.sluice.testkit.FakeResponse;
import dev.sluice.testkit.RecordedRequest;
import dev.sluice.testkit.SseEvent;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, through Sluice, to a fake speaking the Gemini API's wire format. */
class GeminiEndToEndTest {
  static FakeProvider gemini;
  static GatewayForProviderTests gateway;
  static OpenAIClient client;

  @BeforeAll
  static void start() {
    gemini = FakeProvider.start();
    gateway = GatewayForProviderTests.start("""
        backends:
          - { name: gemini, type: gemini, url: "${FAKE}", apiKey: "${GEMINI_KEY}" }
        routes:
          - { name: google, match: { models: ["gemini-*"] }, targets: [ { backend: gemini } ], retry: { maxAttempts: 1 } }
        """, Map.of("FAKE", gemini.baseUrl(), "GEMINI_KEY", "gemini-upstream-key"));
    client = gateway.client();
  }

  @AfterAll
  static void stop() {
    gateway.close();
    gemini.close();
  }

  @BeforeEach
  void reset() {
    gemini.reset();
  }

  @Test
  void chatCompletionComesBackFromGeminiWithItsUsage() {
    gemini.enqueue(FakeResponse.json(200, """
        {"candidates":[{"content":{"parts":[{"text":"Paris."}],"role":"model"},"finishReason":"STOP","index":0}],
         "usageMetadata":{"promptTokenCount":1300,"candidatesTokenCount":2,"totalTokenCount":1342,
           "cachedContentTokenCount":1024,"thoughtsTokenCount":40},
         "modelVersion":"gemini-2.5-flash","responseId":"e2e-1"}"""));

    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gemini-2.5-flash").addSystemMessage("Be brief.").addUserMessage("Capital of France?")
        .temperature(0.2).maxCompletionTokens(64).build());

    assertThat(completion.choices().getFirst().message().content()).hasValue("Paris.");
    assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    CompletionUsage usage = completion.usage().orElseThrow();
    assertThat(usage.promptTokens()).isEqualTo(1300);
    assertThat(usage.completionTokens()).isEqualTo(42);
    assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).hasValue(1024L);
    assertThat(usage.completionTokensDetails().orElseThrow().reasoningTokens()).hasValue(40L);

    RecordedRequest sent = gemini.requests().getFirst();
    assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
    assertThat(sent.header("x-goog-api-key")).isEqualTo("gemini-upstream-key");
    assertThat(sent.header("authorization")).isNull(); // the client's key never goes upstream
    JsonNode body = sent.json();
    assertThat(body.at("/systemInstruction/parts/0/text").asText()).isEqualTo("Be brief.");
    assertThat(body.at("/contents/0").toString())
        .isEqualTo("{\"role\":\"user\",\"parts\":[{\"text\":\"Capital of France?\"}]}");
    assertThat(body.at("/generationConfig/temperature").asDouble()).isEqualTo(0.2);
    assertThat(body.at("/generationConfig/maxOutputTokens").asInt()).isEqualTo(64);

    JsonNode record = gateway.accessRecord(r -> r.path("input_tokens").asLong() == 1300);
    assertThat(record.path("backend").asText()).isEqualTo("gemini");
    assertThat(record.path("output_tokens").asLong()).isEqualTo(42);
    assertThat(record.path("cached_input_tokens").asLong()).isEqualTo(1024);
  }

  @Test
  void streamedChatArrivesAsChunksWithTheUsageAskedFor() {
    String usage = "\"usageMetadata\":{\"promptTokenCount\":6,\"candidatesTokenCount\":%d,\"totalTokenCount\":%d}";
    gemini.enqueue(FakeResponse.sse(List.of(
        SseEvent.data("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hello\"}],\"role\":\"model\"},\"index\":0}],"
            + usage.formatted(1, 7) + ",\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"e2e-s\"}"),
        SseEvent.data("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\", Sluice!\"}],\"role\":\"model\"},"
            + "\"finishReason\":\"STOP\",\"index\":0}]," + usage.formatted(4, 10)
            + ",\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"e2e-s\"}"))));

    List<ChatCompletionChunk> chunks;
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("gemini-2.5-flash").addUserMessage("Greet me")
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
      chunks = stream.stream().toList();
    }

    assertThat(chunks.stream().flatMap(c -> c.choices().stream())
        .map(c -> c.delta().content().orElse("")).collect(Collectors.joining())).isEqualTo("Hello, Sluice!");
    assertThat(chunks.getLast().choices()).isEmpty();
    assertThat(chunks.getLast().usage().orElseThrow().completionTokens()).isEqualTo(4);
    RecordedRequest sent = gemini.requests().getFirst();
    assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    assertThat(sent.header("x-goog-api-key")).isEqualTo("gemini-upstream-key");
    assertThat(sent.json().has("stream_options")).isFalse();
  }

  @Test
  void aToolCallRoundTripCarriesGemini3sThoughtSignatureBack() {
    gemini.enqueue(FakeResponse.json(200, """
        {"candidates":[{"content":{"parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}},
          "thoughtSignature":"Cg0KCwgBEgdzaWduZWQ="}],"role":"model"},"finishReason":"STOP","index":0}],
         "usageMetadata":{"promptTokenCount":30,"candidatesTokenCount":5,"totalTokenCount":35},
         "modelVersion":"gemini-3-flash-preview","responseId":"e2e-t"}"""));
    gemini.enqueue(FakeResponse.json(200, """
        {"candidates":[{"content":{"parts":[{"text":"It is 18 C in Paris."}],"role":"model"},"finishReason":"STOP"}],
         "usageMetadata":{"promptTokenCount":50,"candidatesTokenCount":8,"totalTokenCount":58},"responseId":"e2e-t2"}"""));
    ChatCompletionCreateParams.Builder ask = ChatCompletionCreateParams.builder()
        .model("gemini-3-flash-preview").addUserMessage("Weather in Paris?").addTool(weatherTool());

    ChatCompletionMessage assistant = client.chat().completions().create(ask.build()).choices().getFirst().message();
    ChatCompletionMessageToolCall call = assistant.toolCalls().orElseThrow().getFirst();
    ChatCompletion answer = client.chat().completions().create(ask.addMessage(assistant)
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.asFunction().id())
            .content("{\"temp_c\":18}").build()).build());

    assertThat(call.asFunction().function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(answer.choices().getFirst().message().content()).hasValue("It is 18 C in Paris.");
    JsonNode second = gemini.requests().get(1).json();
    assertThat(second.at("/contents/1/parts/0/functionCall/name").asText()).isEqualTo("get_weather");
    assertThat(second.at("/contents/1/parts/0/thoughtSignature").asText()).isEqualTo("Cg0KCwgBEgdzaWduZWQ=");
    assertThat(second.at("/contents/2/parts/0/functionResponse").toString())
        .isEqualTo("{\"name\":\"get_weather\",\"response\":{\"temp_c\":18}}");
    assertThat(second.at("/tools/0/functionDeclarations/0/parametersJsonSchema/type").asText()).isEqualTo("object");
  }

  @Test
  void aFieldGeminiCannotExpressIsA400NamingIt() {
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gemini-2.5-flash")
        .addUserMessage("hi").logitBias(ChatCompletionCreateParams.LogitBias.builder()
            .putAdditionalProperty("50256", JsonValue.from(-100)).build()).build();

    assertThatThrownBy(() -> client.chat().completions().create(params))
        .isInstanceOfSatisfying(BadRequestException.class, e -> {
          assertThat(e.param()).hasValue("logit_bias");
          assertThat(e.code()).hasValue("unsupported_parameter");
        });
    assertThat(gemini.requestCount()).isZero();
  }

  @Test
  void geminisOwnRejectionReachesTheClientWithGooglesMessage() {
    gemini.enqueue(FakeResponse.json(400, """
        {"error":{"code":400,"message":"* GenerateContentRequest.contents: contents is not specified","status":"INVALID_ARGUMENT"}}"""));

    assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
            .model("gemini-2.5-flash").addUserMessage("hi").build()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("contents is not specified");
  }

  @Test
  void embeddingsComeBackInInputOrder() {
    gemini.enqueue(FakeResponse.json(200,
        "{\"embeddings\":[{\"values\":[0.5,-0.25]},{\"values\":[0.125,1.0]}]}"));

    CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
        .model("gemini-embedding-001").inputOfArrayOfStrings(List.of("first", "second")).dimensions(2).build());

    assertThat(response.data()).hasSize(2);
    assertThat(response.data().get(0).embedding()).containsExactly(0.5f, -0.25f);
    assertThat(response.data().get(1).embedding()).containsExactly(0.125f, 1.0f);
    assertThat(response.usage().promptTokens()).isPositive();
    RecordedRequest sent = gemini.requests().getFirst();
    assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-embedding-001:batchEmbedContents");
    assertThat(sent.json().at("/requests/1/content/parts/0/text").asText()).isEqualTo("second");
    assertThat(sent.json().at("/requests/0/outputDimensionality").asInt()).isEqualTo(2);
  }

  static ChatCompletionFunctionTool weatherTool() {
    return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name("get_weather")
        .parameters(FunctionParameters.builder()
            .putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
            .build())
        .build()).build();
  }
}
