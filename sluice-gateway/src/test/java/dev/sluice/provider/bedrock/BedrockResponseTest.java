package dev.sluice.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.provider.ProviderException;
import dev.sluice.provider.TokenUsage;
import dev.sluice.provider.TranslatedResponse;
import dev.sluice.provider.UpstreamError;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Converse and Titan answers as the client sees them, beyond the golden cases. */
class BedrockResponseTest {
  private final BedrockProvider provider = BedrockGoldenTest.provider();

  private TranslatedResponse answer(String converseJson) throws ProviderException {
    return provider.translateResponse(Requests.chatWith(""),
        converseJson.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  private static String text(String stopReason) {
    return "{'output':{'message':{'role':'assistant','content':[{'text':'Hi'}]}},"
        + "'stopReason':'" + stopReason + "','usage':{'inputTokens':3,'outputTokens':1,'totalTokens':4}}";
  }

  @ParameterizedTest
  @CsvSource({
      "end_turn, stop",
      "stop_sequence, stop",
      "max_tokens, length",
      "model_context_window_exceeded, length",
      "tool_use, tool_calls",
      "content_filtered, content_filter",
      "guardrail_intervened, content_filter",
      "a_reason_from_next_year, stop"})
  void mapsStopReasonsToFinishReasons(String stopReason, String finishReason) throws Exception {
    JsonNode completion = Requests.json(answer(text(stopReason)).body());

    assertThat(completion.at("/choices/0/finish_reason").asText()).isEqualTo(finishReason);
  }

  @Test
  void addsCacheReadsAndWritesBackIntoTheBilledInput() throws Exception {
    TranslatedResponse answer = answer("{'output':{'message':{'role':'assistant','content':"
        + "[{'text':'Hi'}]}},'stopReason':'end_turn','usage':{'inputTokens':10,'outputTokens':5,"
        + "'totalTokens':1515,'cacheReadInputTokens':1000,'cacheWriteInputTokens':500}}");

    assertThat(answer.usage()).isEqualTo(new TokenUsage(1510, 5, 1000, 500, 0));
    JsonNode usage = Requests.json(answer.body()).path("usage");
    assertThat(usage.path("prompt_tokens").asLong()).isEqualTo(1510);
    assertThat(usage.path("total_tokens").asLong()).isEqualTo(1515);
    assertThat(usage.at("/prompt_tokens_details/cached_tokens").asLong()).isEqualTo(1000);
  }

  @Test
  void aToolOnlyAnswerHasNullContent() throws Exception {
    JsonNode message = Requests.json(answer("{'output':{'message':{'role':'assistant','content':["
        + "{'toolUse':{'toolUseId':'t1','name':'now','input':{}}}]}},'stopReason':'tool_use',"
        + "'usage':{'inputTokens':3,'outputTokens':1,'totalTokens':4}}").body()).at("/choices/0/message");

    assertThat(message.path("content").isNull()).isTrue();
    assertThat(message.at("/tool_calls/0/function/arguments").asText()).isEqualTo("{}");
  }

  @Test
  void reasoningOfReasoningModelsComesBackAsReasoningContent() throws Exception {
    JsonNode message = Requests.json(answer("{'output':{'message':{'role':'assistant','content':["
        + "{'reasoningContent':{'reasoningText':{'text':'The user greets me.'}}},{'text':'Hello!'}]}},"
        + "'stopReason':'end_turn','usage':{'inputTokens':3,'outputTokens':9,'totalTokens':12}}")
        .body()).at("/choices/0/message");

    assertThat(message.path("content").asText()).isEqualTo("Hello!");
    assertThat(message.path("reasoning_content").asText()).isEqualTo("The user greets me.");
  }

  @Test
  void aBodyThatIsNotAConverseAnswerIsAProviderFailure() {
    assertThatThrownBy(() -> answer("{'output':{'message':"))
        .isInstanceOf(ProviderException.class).hasMessageContaining("malformed JSON");
    assertThatThrownBy(() -> answer("{'Output':{}}"))
        .isInstanceOf(ProviderException.class).hasMessageContaining("output.message.content");
  }

  @Test
  void embeddingsComeBackAsBase64Float32WhenTheClientAsks() throws Exception {
    TranslatedResponse answer = provider.translateResponse(
        Requests.embeddings("{'model':'amazon.titan-embed-text-v2:0','input':'x','encoding_format':'base64'}"),
        "{\"embedding\":[0.5,-1.25,3.0],\"inputTextTokenCount\":2}".getBytes(StandardCharsets.UTF_8));

    ByteBuffer floats = ByteBuffer.wrap(Base64.getDecoder().decode(
        Requests.json(answer.body()).at("/data/0/embedding").asText())).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(new float[] {floats.getFloat(), floats.getFloat(), floats.getFloat()})
        .containsExactly(0.5f, -1.25f, 3.0f);
    assertThat(floats.hasRemaining()).isFalse();
    assertThat(answer.usage()).isEqualTo(TokenUsage.of(2, 0));
  }

  @Test
  void errorMessagesAreReadInEitherSpelling() {
    UpstreamError lower = provider.translateError(400,
        "{\"message\":\"Malformed input request, please reformat your input and try again.\"}".getBytes());
    UpstreamError upper = provider.translateError(403,
        "{\"Message\":\"User: arn:aws:iam::123:user/x is not authorized\"}".getBytes());

    assertThat(lower.message()).isEqualTo("Malformed input request, please reformat your input and try again.");
    assertThat(upper.message()).startsWith("User: arn:aws:iam::123:user/x");
    assertThat(upper.status()).isEqualTo(403);
  }

  @Test
  void anErrorBodyInNoKnownShapeIsNotEchoed() {
    UpstreamError error = provider.translateError(502, "<html>Bad Gateway</html>".getBytes());

    assertThat(error.message()).isEqualTo("the provider answered HTTP 502");
  }
}
