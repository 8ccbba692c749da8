package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.sluice.testkit.FakeProvider;
import dev.sluice.testkit.FakeResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, changed only in its base URL, against Sluice. */
class OpenAiSdkTest {
  static FakeProvider provider;
  static GatewayHarness gateway;
  static OpenAIClient client;

  @BeforeAll
  static void start() {
    provider = FakeProvider.start();
    gateway = GatewayHarness.start("""
        backends:
          - { name: fake, type: openai, url: "${FAKE}", apiKey: upstream-secret }
          - { name: mock, type: mock }
        routes:
          - { name: mocked, match: { models: [gpt-4o-mini, text-embedding-3-small] }, targets: [ { backend: mock } ] }
          - { name: faked, match: { models: [gpt-4o] }, targets: [ { backend: fake } ], retry: { maxAttempts: 1 } }
        keys:
          - { id: alice, key: "${KEY}", owner: alice }
        """, GatewayHarness.env("FAKE", provider.baseUrl(), "KEY", GatewayHarness.KEY));
    client = OpenAIOkHttpClient.builder()
        .baseUrl(gateway.baseUrl() + "/v1")
        .apiKey(GatewayHarness.KEY)
        .maxRetries(0)
        .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    gateway.close();
    provider.close();
  }

  @BeforeEach
  void resetFake() {
    provider.reset();
  }

  private static ChatCompletionCreateParams ask(String model, String text) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage(text).build();
  }

  @Test
  void chatCompletion() {
    ChatCompletion completion = client.chat().completions().create(ask("gpt-4o-mini", "Hello, Sluice!"));

    assertThat(completion.choices().getFirst().message().content()).hasValue("Hello, Sluice!");
    assertThat(completion.usage().orElseThrow().promptTokens()).isPositive();
    assertThat(completion.usage().orElseThrow().completionTokens()).isPositive();
  }

  @Test
  void streamingChatCompletion() {
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(ask("gpt-4o-mini", "stream me back please"))) {
      String text = stream.stream()
          .flatMap(chunk -> chunk.choices().stream())
          .map(choice -> choice.delta().content().orElse(""))
          .collect(Collectors.joining());
      assertThat(text).isEqualTo("stream me back please");
    }
  }

  @Test
  void toolCallsComeBackIntact() {
    provider.enqueue(FakeResponse.toolCall("gpt-4o", "get_weather", "{\"city\":\"Paris\"}", 20, 8));
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
        .model("gpt-4o")
        .addUserMessage("Weather in Paris?")
        .addTool(com.openai.models.chat.completions.ChatCompletionFunctionTool.builder()
            .function(com.openai.models.FunctionDefinition.builder().name("get_weather")
                .parameters(com.openai.models.FunctionParameters.builder()
                    .putAdditionalProperty("type", JsonValue.from("object")).build())
                .build())
            .build())
        .build();

    ChatCompletion completion = client.chat().completions().create(params);

    ChatCompletionMessageToolCall call =
        completion.choices().getFirst().message().toolCalls().orElseThrow().getFirst();
    assertThat(call.asFunction().function().name()).isEqualTo("get_weather");
    assertThat(call.asFunction().function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(provider.requests().getFirst().json().at("/tools/0/function/name").asText())
        .isEqualTo("get_weather");
  }

  @Test
  void embeddings() {
    CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
        .model("text-embedding-3-small").inputOfArrayOfStrings(List.of("a", "b")).build());

    assertThat(response.data()).hasSize(2);
    assertThat(response.data().getFirst().embedding()).isNotEmpty();
    assertThat(response.usage().promptTokens()).isPositive();
  }

  @Test
  void modelsListShowsTheRoutedModels() {
    List<String> ids = client.models().list().data().stream().map(Model::id).toList();

    assertThat(ids).containsExactlyInAnyOrder("gpt-4o-mini", "text-embedding-3-small", "gpt-4o");
  }

  @Test
  void unknownModelRaisesNotFound() {
    assertThatThrownBy(() -> client.chat().completions().create(ask("no-such-model", "hi")))
        .isInstanceOf(NotFoundException.class)
        .satisfies(e -> assertThat(((OpenAIServiceException) e).code()).hasValue("model_not_found"));
  }

  @Test
  void wrongKeyRaisesUnauthorized() {
    OpenAIClient stranger = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl() + "/v1")
        .apiKey("sk-wrong").maxRetries(0).build();
    try {
      assertThatThrownBy(() -> stranger.chat().completions().create(ask("gpt-4o-mini", "hi")))
          .isInstanceOf(UnauthorizedException.class);
    } finally {
      stranger.close();
    }
  }

  @Test
  void providerRejectionRaisesBadRequestWithTheProvidersMessage() {
    provider.enqueue(FakeResponse.error(400, "invalid_request_error", "'temperature' must be <= 2"));

    assertThatThrownBy(() -> client.chat().completions().create(ask("gpt-4o", "hi")))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("'temperature' must be <= 2");
  }

  @Test
  void everyTargetFailingRaisesAServerError() {
    provider.setDefault(FakeResponse.error(500, "server_error", "boom"));

    assertThatThrownBy(() -> client.chat().completions().create(ask("gpt-4o", "hi")))
        .isInstanceOf(InternalServerException.class)
        .satisfies(e -> assertThat(((OpenAIServiceException) e).statusCode()).isEqualTo(502));
  }

  @Test
  void streamBrokenMidwayRaisesInTheClient() {
    provider.enqueue(FakeResponse.chatStream("gpt-4o", List.of("a", "b", "c"), true, 3, 3).resetAfter(2));

    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(ask("gpt-4o", "hi"))) {
      assertThatThrownBy(() -> stream.stream().forEach(chunk -> { }))
          .hasMessageContaining("stream broke");
    }
  }
}
