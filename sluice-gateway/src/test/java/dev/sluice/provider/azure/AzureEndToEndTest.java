package dev.sluice.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
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

/** The official OpenAI Java SDK, through Sluice, to a fake Azure OpenAI resource. */
class AzureEndToEndTest {
  static final String FILTERS = "\"content_filter_results\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"}}";
  static FakeProvider azure;
  static GatewayForProviderTests gateway;
  static OpenAIClient client;

  @BeforeAll
  static void start() {
    azure = FakeProvider.start();
    gateway = GatewayForProviderTests.start("""
        backends:
          - name: azure-east
            type: azure-openai
            url: "${FAKE}"
            apiVersion: "2024-10-21"
            apiKey: azure-upstream-key
            deployments: { gpt-4o: gpt4o-prod, text-embedding-3-small: embed-small }
        routes:
          - name: azure
            match: { models: [gpt-4o, gpt-4o-mini, text-embedding-3-small] }
            targets: [ { backend: azure-east } ]
            retry: { maxAttempts: 1 }
        """, Map.of("FAKE", azure.baseUrl()));
    client = gateway.client();
  }

  @AfterAll
  static void stop() {
    gateway.close();
    azure.close();
  }

  @BeforeEach
  void reset() {
    azure.reset();
  }

  @Test
  void chatGoesToTheModelsDeploymentWithAzuresKeyHeader() {
    azure.enqueue(FakeResponse.json(200, """
        {"choices":[{%s,"finish_reason":"stop","index":0,"logprobs":null,
          "message":{"content":"Paris.","refusal":null,"role":"assistant"}}],
         "created":1727392020,"id":"chatcmpl-az1","model":"gpt-4o-2024-08-06","object":"chat.completion",
         "prompt_filter_results":[{"prompt_index":0,%s}],"system_fingerprint":"fp_1",
         "usage":{"completion_tokens":2,"prompt_tokens":11,"total_tokens":13}}""".formatted(FILTERS, FILTERS)));

    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gpt-4o").addUserMessage("Capital of France?").build());

    assertThat(completion.choices().getFirst().message().content()).hasValue("Paris.");
    assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(13);
    RecordedRequest sent = azure.requests().getFirst();
    assertThat(sent.path()).isEqualTo("/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21");
    assertThat(sent.header("api-key")).isEqualTo("azure-upstream-key");
    assertThat(sent.header("authorization")).isNull();
    assertThat(sent.header("x-api-key")).isNull();
    assertThat(sent.json().at("/messages/0/content").asText()).isEqualTo("Capital of France?");
    assertThat(sent.model()).isEqualTo("gpt-4o");
  }

  @Test
  void streamIsRelayedAndItsUsageRecordedThoughTheClientDidNotAsk() {
    String chunk = "{\"choices\":[{%s,\"delta\":%s,\"finish_reason\":%s,\"index\":0,\"logprobs\":null}],"
        + "\"created\":1727392030,\"id\":\"chatcmpl-az2\",\"model\":\"gpt-4o-2024-08-06\",\"object\":\"chat.completion.chunk\"}";
    azure.enqueue(FakeResponse.sse(List.of(
        SseEvent.data("{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\","
            + "\"prompt_filter_results\":[{\"prompt_index\":0," + FILTERS + "}]}"),
        SseEvent.data(chunk.formatted(FILTERS, "{\"role\":\"assistant\",\"content\":\"\"}", "null")),
        SseEvent.data(chunk.formatted(FILTERS, "{\"content\":\"Hi there\"}", "null")),
        SseEvent.data(chunk.formatted(FILTERS, "{}", "\"stop\"")),
        SseEvent.data("{\"choices\":[],\"created\":1727392030,\"id\":\"chatcmpl-az2\",\"model\":\"gpt-4o-2024-08-06\","
            + "\"object\":\"chat.completion.chunk\",\"usage\":{\"completion_tokens\":2,\"prompt_tokens\":77,\"total_tokens\":79}}"),
        SseEvent.done())));

    List<ChatCompletionChunk> chunks;
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Say hi").build())) {
      chunks = stream.stream().toList();
    }

    assertThat(chunks.stream().flatMap(c -> c.choices().stream()).map(c -> c.delta().content().orElse(""))
        .collect(Collectors.joining())).isEqualTo("Hi there");
    assertThat(chunks).allMatch(c -> c.usage().isEmpty());
    assertThat(gateway.accessRecord(r -> r.path("input_tokens").asLong() == 77).path("output_tokens").asLong())
        .isEqualTo(2);
    JsonNode sent = azure.requests().getFirst().json();
    assertThat(sent.at("/stream_options/include_usage").asBoolean()).isTrue();
  }

  @Test
  void azuresContentFilterRefusalReachesTheClientWithItsCode() {
    azure.enqueue(FakeResponse.json(400, """
        {"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
          "type":null,"param":"prompt","code":"content_filter","status":400}}"""));

    assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
            .model("gpt-4o-mini").addUserMessage("something filtered").build()))
        .isInstanceOfSatisfying(BadRequestException.class, e -> {
          assertThat(e.code()).hasValue("content_filter");
          assertThat(e.getMessage()).contains("content management policy");
        });
    assertThat(azure.requests().getFirst().path())
        .isEqualTo("/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21");
  }

  @Test
  void embeddingsGoToTheEmbeddingDeployment() {
    azure.enqueue(FakeResponse.embeddings("text-embedding-3-small", 1, 3, 5));

    CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
        .model("text-embedding-3-small").input("The food was delicious").build());

    assertThat(response.data().getFirst().embedding()).hasSize(3);
    assertThat(response.usage().promptTokens()).isEqualTo(5);
    assertThat(azure.requests().getFirst().path())
        .isEqualTo("/openai/deployments/embed-small/embeddings?api-version=2024-10-21");
  }
}
