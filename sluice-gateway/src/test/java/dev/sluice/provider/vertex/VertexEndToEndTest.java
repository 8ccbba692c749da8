package dev.sluice.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK, through Sluice, to a fake Vertex AI; the service account's tokens
 * come from a fake OAuth2 token endpoint named by the key file's {@code token_uri}.
 */
class VertexEndToEndTest {
  static final String MODELS = "/v1/projects/my-project/locations/us-central1/publishers/google/models/";
  static FakeProvider oauth;
  static FakeProvider vertex;
  static GatewayForProviderTests gateway;
  static OpenAIClient client;

  @BeforeAll
  static void start() throws Exception {
    oauth = FakeProvider.start();
    oauth.setDefault(FakeResponse.json(200,
        "{\"access_token\":\"ya29.e2e-token\",\"expires_in\":3599,\"token_type\":\"Bearer\"}"));
    vertex = FakeProvider.start();
    Path key = ServiceAccountKeys.write(Files.createTempDirectory("sluice-vertex-key"), oauth.baseUrl() + "/token");
    gateway = GatewayForProviderTests.start("""
        backends:
          - { name: vertex, type: vertex, url: "${FAKE}", project: my-project, region: us-central1, credentialsFile: "${KEY_FILE}" }
        routes:
          - name: google
            match: { models: ["gemini-*", "text-embedding-*"] }
            targets: [ { backend: vertex } ]
            retry: { maxAttempts: 3, backoff: { initial: 50ms, max: 200ms } }
        """, Map.of("FAKE", vertex.baseUrl(), "KEY_FILE", key.toString()));
    client = gateway.client();
    oauth.awaitRequests(1, Duration.ofSeconds(10)); // the first token is fetched at start-up
  }

  @AfterAll
  static void stop() {
    gateway.close();
    vertex.close();
    oauth.close();
  }

  @BeforeEach
  void reset() {
    vertex.reset();
  }

  @Test
  void chatGoesToTheRegionalModelWithTheServiceAccountsToken() {
    vertex.enqueue(FakeResponse.json(200, """
        {"candidates":[{"content":{"role":"model","parts":[{"text":"Rayleigh scattering."}]},"finishReason":"STOP"}],
         "usageMetadata":{"promptTokenCount":6,"candidatesTokenCount":3,"totalTokenCount":9,"trafficType":"ON_DEMAND"},
         "modelVersion":"gemini-2.0-flash-001","createTime":"2025-03-11T17:25:29.378419Z","responseId":"vx-e2e"}"""));

    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gemini-2.0-flash-001").addUserMessage("Why is the sky blue?").build());

    assertThat(completion.choices().getFirst().message().content()).hasValue("Rayleigh scattering.");
    assertThat(completion.created()).isEqualTo(1741713929L);
    assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(9);
    RecordedRequest sent = vertex.requests().getLast();
    assertThat(sent.path()).isEqualTo(MODELS + "gemini-2.0-flash-001:generateContent");
    assertThat(sent.header("authorization")).isEqualTo("Bearer ya29.e2e-token");
    assertThat(sent.json().at("/contents/0/parts/0/text").asText()).isEqualTo("Why is the sky blue?");
  }

  @Test
  void streamedChatEndsWithFinishAndUsageFromVertexsLastEvent() {
    String head = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"%s\"}]}%s}],"
        + "\"usageMetadata\":%s,\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"vx-e2e-s\"}";
    vertex.enqueue(FakeResponse.sse(List.of(
        SseEvent.data(head.formatted("Blue light", "", "{\"trafficType\":\"ON_DEMAND\"}")),
        SseEvent.data(head.formatted(" scatters more.", ",\"finishReason\":\"STOP\"",
            "{\"promptTokenCount\":7,\"candidatesTokenCount\":5,\"thoughtsTokenCount\":11,\"totalTokenCount\":23}")))));

    List<ChatCompletionChunk> chunks;
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("gemini-2.5-flash").addUserMessage("Why blue?").build())) {
      chunks = stream.stream().toList();
    }

    assertThat(chunks.stream().flatMap(c -> c.choices().stream()).map(c -> c.delta().content().orElse(""))
        .collect(Collectors.joining())).isEqualTo("Blue light scatters more.");
    assertThat(chunks.stream().flatMap(c -> c.choices().stream()).flatMap(c -> c.finishReason().stream()))
        .containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
    assertThat(chunks).allMatch(c -> c.usage().isEmpty()); // the client did not ask for usage...
    JsonNode record = gateway.accessRecord(r -> r.path("output_tokens").asLong() == 16);
    assertThat(record.path("input_tokens").asLong()).isEqualTo(7); // ...but it is recorded
    RecordedRequest sent = vertex.requests().getLast();
    assertThat(sent.path()).isEqualTo(MODELS + "gemini-2.5-flash:streamGenerateContent?alt=sse");
    assertThat(sent.header("authorization")).isEqualTo("Bearer ya29.e2e-token");
  }

  @Test
  void embeddingsUseVertexPredictAndItsTokenCounts() {
    vertex.enqueue(FakeResponse.json(200, """
        {"predictions":[{"embeddings":{"statistics":{"truncated":false,"token_count":4},"values":[0.25,0.5]}}],
         "metadata":{"billableCharacterCount":19}}"""));

    CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
        .model("text-embedding-005").input("The quick brown fox").build());

    assertThat(response.data().getFirst().embedding()).containsExactly(0.25f, 0.5f);
    assertThat(response.usage().promptTokens()).isEqualTo(4);
    RecordedRequest sent = vertex.requests().getLast();
    assertThat(sent.path()).isEqualTo(MODELS + "text-embedding-005:predict");
    assertThat(sent.json().toString())
        .isEqualTo("{\"instances\":[{\"content\":\"The quick brown fox\"}],\"parameters\":{\"autoTruncate\":false}}");
  }
}
