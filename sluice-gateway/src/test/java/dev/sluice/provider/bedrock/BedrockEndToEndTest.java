package dev.sluice.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.sluice.provider.GatewayForProviderTests;
import dev.sluice.testkit.EventStreamFrames;
import dev.sluice.testkit.FakeProvider;
import dev.sluice.testkit.FakeResponse;
import dev.sluice.testkit.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The official OpenAI Java SDK, changed only in its base URL, through Sluice to a fake Bedrock
 * speaking Converse JSON and ConverseStream event-stream frames. Every request the fake sees
 * must carry a SigV4 signature that the AWS signer, given the same credentials and the
 * request's own date, reproduces from the request as received.
 */
class BedrockEndToEndTest {
  static final String KEY = "sk-test-bedrock-0123456789";
  static final String ACCESS_KEY = "AKIDEXAMPLE";
  static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  static final String SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN";
  static final String CLAUDE = "anthropic.claude-3-5-sonnet-20240620-v1:0";
  static final String CLAUDE_PATH = "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0";

  static FakeProvider bedrock;
  static GatewayForProviderTests gateway;
  static OpenAIClient client;

  @BeforeAll
  static void start() throws Exception {
    bedrock = FakeProvider.start();
    gateway = GatewayForProviderTests.startWithOwnKeys("""
        backends:
          - name: bedrock
            type: bedrock
            region: us-east-1
            url: "${FAKE}"
            aws: { accessKeyId: %s, secretAccessKey: "${SECRET}", sessionToken: "${TOKEN}" }
        routes:
          - name: claude
            match: { models: [claude-sonnet] }
            targets: [ { backend: bedrock, model: "%s" } ]
            retry: { maxAttempts: 1 }
          - name: titan
            match: { models: [titan-embed] }
            targets: [ { backend: bedrock, model: "amazon.titan-embed-text-v2:0" } ]
        keys:
          - { id: alice, key: "${KEY}", owner: alice }
        """.formatted(ACCESS_KEY, CLAUDE),
        Map.of("FAKE", bedrock.baseUrl(), "SECRET", SECRET_KEY, "TOKEN", SESSION_TOKEN, "KEY", KEY));
    client = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl() + "/v1").apiKey(KEY)
        .maxRetries(0).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    gateway.close();
    bedrock.close();
  }

  @BeforeEach
  void resetFake() {
    bedrock.reset();
  }

  @Test
  void chatCompletionGoesThroughConverseSignedForBedrock() throws Exception {
    bedrock.enqueue(FakeResponse.json(200, """
        {"output":{"message":{"role":"assistant","content":[{"text":"Bonjour !"}]}},
         "stopReason":"end_turn",
         "usage":{"inputTokens":20,"outputTokens":4,"totalTokens":124,"cacheReadInputTokens":100},
         "metrics":{"latencyMs":300}}"""));

    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("claude-sonnet").addSystemMessage("Answer in French.").addUserMessage("Hello!")
        .maxCompletionTokens(100).temperature(0.2).build());

    assertThat(completion.choices().getFirst().message().content()).hasValue("Bonjour !");
    assertThat(completion.choices().getFirst().finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    assertThat(completion.model()).isEqualTo("claude-sonnet");
    assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(120);
    assertThat(completion.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens())
        .hasValue(100L);
    RecordedRequest request = bedrock.requests().getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo(CLAUDE_PATH + "/converse");
    assertThat(request.header("content-type")).isEqualTo("application/json");
    assertThat(request.header("x-amz-security-token")).isEqualTo(SESSION_TOKEN);
    assertThat(request.header("authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/")
        .contains("/us-east-1/bedrock/aws4_request");
    assertThat(request.headers().values().stream().flatMap(List::stream)).noneMatch(v -> v.contains(KEY));
    JsonNode body = request.json();
    assertThat(body.at("/system/0/text").asText()).isEqualTo("Answer in French.");
    assertThat(body.at("/messages/0/content/0/text").asText()).isEqualTo("Hello!");
    assertThat(body.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(100);
    assertThat(body.at("/inferenceConfig/temperature").asDouble()).isEqualTo(0.2);
    assertThat(body.has("model")).isFalse();
    assertSignedAsAwsWould(request);
  }

  @Test
  void streamingGoesThroughConverseStreamFrameByFrame() throws Exception {
    bedrock.enqueue(FakeResponse.binary(200, EventStreamFrames.CONTENT_TYPE, List.of(
        EventStreamFrames.event("messageStart", "{\"role\":\"assistant\",\"p\":\"abcd\"}"),
        EventStreamFrames.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hello\"}}"),
        EventStreamFrames.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\" from\"}}"),
        EventStreamFrames.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\" Bedrock\"}}"),
        EventStreamFrames.event("contentBlockStop", "{\"contentBlockIndex\":0}"),
        EventStreamFrames.event("messageStop", "{\"stopReason\":\"end_turn\"}"),
        EventStreamFrames.event("metadata",
            "{\"usage\":{\"inputTokens\":9,\"outputTokens\":3,\"totalTokens\":12},\"metrics\":{\"latencyMs\":90}}"))));

    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("claude-sonnet").addUserMessage("Hi")
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
      stream.stream().forEach(chunks::add);
    }

    String text = chunks.stream().flatMap(chunk -> chunk.choices().stream())
        .map(choice -> choice.delta().content().orElse("")).collect(Collectors.joining());
    assertThat(text).isEqualTo("Hello from Bedrock");
    assertThat(chunks.getLast().usage().orElseThrow().totalTokens()).isEqualTo(12);
    RecordedRequest request = bedrock.requests().getFirst();
    assertThat(request.path()).isEqualTo(CLAUDE_PATH + "/converse-stream");
    assertThat(request.header("accept")).isEqualTo("application/vnd.amazon.eventstream");
    assertThat(request.json().has("stream")).isFalse();
    assertSignedAsAwsWould(request);
  }

  @Test
  void toolCallsComeBackIntact() throws Exception {
    bedrock.enqueue(FakeResponse.json(200, """
        {"output":{"message":{"role":"assistant","content":[
           {"toolUse":{"toolUseId":"tooluse_1","name":"get_weather","input":{"city":"Paris"}}}]}},
         "stopReason":"tool_use","usage":{"inputTokens":50,"outputTokens":12,"totalTokens":62}}"""));

    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("claude-sonnet").addUserMessage("Weather in Paris?")
        .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
            .name("get_weather").parameters(FunctionParameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object")).build()).build()).build())
        .build());

    ChatCompletionMessageToolCall call =
        completion.choices().getFirst().message().toolCalls().orElseThrow().getFirst();
    assertThat(call.asFunction().id()).isEqualTo("tooluse_1");
    assertThat(call.asFunction().function().name()).isEqualTo("get_weather");
    assertThat(call.asFunction().function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(completion.choices().getFirst().finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    JsonNode toolSpec = bedrock.requests().getFirst().json().at("/toolConfig/tools/0/toolSpec");
    assertThat(toolSpec.path("name").asText()).isEqualTo("get_weather");
    assertThat(toolSpec.at("/inputSchema/json/type").asText()).isEqualTo("object");
  }

  @Test
  void embeddingsGoThroughTitan() throws Exception {
    bedrock.enqueue(FakeResponse.json(200,
        "{\"embedding\":[0.25,-0.5,0.75],\"inputTextTokenCount\":4}"));

    CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
        .model("titan-embed").input("Sluice routes requests.").build());

    assertThat(response.data().getFirst().embedding()).containsExactly(0.25f, -0.5f, 0.75f);
    assertThat(response.usage().promptTokens()).isEqualTo(4);
    RecordedRequest request = bedrock.requests().getFirst();
    assertThat(request.path()).isEqualTo("/model/amazon.titan-embed-text-v2%3A0/invoke");
    assertThat(request.json().path("inputText").asText()).isEqualTo("Sluice routes requests.");
    assertSignedAsAwsWould(request);
  }

  @Test
  void anExceptionFrameMidStreamRaisesInTheClient() {
    bedrock.enqueue(FakeResponse.binary(200, EventStreamFrames.CONTENT_TYPE, List.of(
        EventStreamFrames.event("messageStart", "{\"role\":\"assistant\"}"),
        EventStreamFrames.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hel\"}}"),
        EventStreamFrames.exception("modelStreamErrorException", "The model stopped responding."))));

    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("claude-sonnet").addUserMessage("Hi").build())) {
      assertThatThrownBy(() -> stream.stream().forEach(chunk -> { }))
          .hasMessageContaining("stream broke")
          .hasMessageContaining("modelStreamErrorException");
    }
  }

  @Test
  void aBedrockRejectionRaisesBadRequestWithBedrocksMessage() {
    bedrock.enqueue(FakeResponse.json(400,
            "{\"message\":\"The provided model identifier is invalid.\"}")
        .withHeader("x-amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/"));

    assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
            .model("claude-sonnet").addUserMessage("Hi").build()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("The provided model identifier is invalid.");
  }

  @Test
  void aFieldConverseCannotExpressIsRefusedBeforeBedrockIsCalled() {
    assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
            .model("claude-sonnet").addUserMessage("Hi").seed(42).build()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("seed")
        .satisfies(e -> assertThat(((BadRequestException) e).param()).hasValue("seed"));
    assertThat(bedrock.requestCount()).isZero();
  }

  /**
   * Signs the request as received, with the AWS SDK's signer, the same credentials and its own
   * {@code x-amz-date}, and expects the same signature: so the path, host, headers and body the
   * fake got are exactly what Sluice signed.
   */
  private static void assertSignedAsAwsWould(RecordedRequest received) {
    String[] host = received.header("host").split(":");
    String amzDate = received.header("x-amz-date");
    Clock signedAt = Clock.fixed(LocalDateTime.parse(amzDate,
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    SdkHttpRequest request = SdkHttpRequest.builder().protocol("http").host(host[0])
        .port(Integer.parseInt(host[1])).method(SdkHttpMethod.POST).encodedPath(received.path())
        .putHeader("content-type", received.header("content-type"))
        .putHeader("accept", received.header("accept")).build();
    byte[] body = received.body().getBytes(StandardCharsets.UTF_8);
    SignedRequest expected = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsSessionCredentialsIdentity.create(ACCESS_KEY, SECRET_KEY, SESSION_TOKEN))
        .request(request)
        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(HttpSigner.SIGNING_CLOCK, signedAt));
    assertThat(received.header("authorization")).as("authorization")
        .isEqualTo(expected.request().firstMatchingHeader("Authorization").orElseThrow());
    assertThat(received.header("x-amz-content-sha256"))
        .isEqualTo(expected.request().firstMatchingHeader("x-amz-content-sha256").orElseThrow());
  }
}
