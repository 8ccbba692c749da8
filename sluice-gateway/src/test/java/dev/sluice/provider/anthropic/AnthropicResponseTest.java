package dev.sluice.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.api.RequestParser;
import dev.sluice.provider.ProviderException;
import dev.sluice.provider.TokenUsage;
import dev.sluice.provider.TranslatedResponse;
import dev.sluice.provider.UpstreamError;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicResponseTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final AnthropicProvider provider =
      new AnthropicProvider("claude", "", "sk-ant", AnthropicGoldenTest.CLOCK);

  static ClientRequest request() throws RequestParser.InvalidRequestException {
    return RequestParser.parse(Endpoint.CHAT,
        "{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}".getBytes(StandardCharsets.UTF_8));
  }

  static String message(String content, String stopReason, String usage) {
    return "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\",\"content\":"
        + content + ",\"stop_reason\":" + stopReason + ",\"stop_sequence\":null,\"usage\":" + usage + "}";
  }

  TranslatedResponse translate(String body) throws Exception {
    return provider.translateResponse(request(), body.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "end_turn, stop", "stop_sequence, stop", "max_tokens, length", "tool_use, tool_calls",
      "refusal, content_filter", "model_context_window_exceeded, length"})
  void mapsTheStopReasonToOpenAisFinishReason(String stopReason, String finishReason) throws Exception {
    String body = message("[{\"type\":\"text\",\"text\":\"x\"}]", "\"" + stopReason + "\"",
        "{\"input_tokens\":1,\"output_tokens\":1}");

    JsonNode answer = JSON.readTree(translate(body).body());

    assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo(finishReason);
  }

  @Test
  void promptTokensIncludeCacheReadsAndWritesWhichAnthropicReportsBesideInput() throws Exception {
    String body = message("[{\"type\":\"text\",\"text\":\"x\"}]", "\"end_turn\"",
        "{\"input_tokens\":100,\"cache_read_input_tokens\":50,\"cache_creation_input_tokens\":25,\"output_tokens\":7}");

    TranslatedResponse answer = translate(body);

    assertThat(answer.usage()).isEqualTo(new TokenUsage(175, 7, 50, 25, 0));
    JsonNode usage = JSON.readTree(answer.body()).path("usage");
    assertThat(usage.path("prompt_tokens").asLong()).isEqualTo(175);
    assertThat(usage.path("total_tokens").asLong()).isEqualTo(182);
    assertThat(usage.at("/prompt_tokens_details/cached_tokens").asLong()).isEqualTo(50);
  }

  @Test
  void aToolOnlyAnswerHasNullContentAndItsInputAsAJsonString() throws Exception {
    String body = message("[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{\"a\":[1,2]}}]",
        "\"tool_use\"", "{\"input_tokens\":1,\"output_tokens\":1}");

    JsonNode message = JSON.readTree(translate(body).body()).at("/choices/0/message");

    assertThat(message.path("content").isNull()).isTrue();
    assertThat(message.at("/tool_calls/0/function/arguments").asText()).isEqualTo("{\"a\":[1,2]}");
  }

  @Test
  void thinkingBlocksAreNotPartOfTheAnswer() throws Exception {
    String body = message("[{\"type\":\"thinking\",\"thinking\":\"hmm\",\"signature\":\"s\"},"
        + "{\"type\":\"text\",\"text\":\"42\"}]", "\"end_turn\"", "{\"input_tokens\":1,\"output_tokens\":9}");

    assertThat(JSON.readTree(translate(body).body()).at("/choices/0/message/content").asText()).isEqualTo("42");
  }

  @Test
  void aBlockSluiceCannotTranslateFailsTheAttemptRatherThanShortenTheAnswer() {
    String body = message("[{\"type\":\"text\",\"text\":\"see\"},{\"type\":\"server_tool_use\",\"id\":\"s\"}]",
        "\"end_turn\"", "{\"input_tokens\":1,\"output_tokens\":1}");

    assertThatThrownBy(() -> translate(body)).isInstanceOf(ProviderException.class)
        .hasMessageContaining("server_tool_use");
  }

  @Test
  void malformedOrNonMessageAnswersAreProviderExceptions() {
    assertThatThrownBy(() -> translate("{\"id\":\"msg_1\",\"content\":[")).isInstanceOf(ProviderException.class)
        .hasMessageContaining("malformed JSON");
    assertThatThrownBy(() -> translate("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"x\"}}"))
        .isInstanceOf(ProviderException.class).hasMessageContaining("not a message");
  }

  @Test
  void readsAnthropicsErrorShape() {
    UpstreamError error = provider.translateError(400, ("{\"type\":\"error\",\"error\":{\"type\":"
        + "\"invalid_request_error\",\"message\":\"max_tokens: 100000 > 64000\"}}").getBytes(StandardCharsets.UTF_8));

    assertThat(error).isEqualTo(new UpstreamError(400, "invalid_request_error", null, "max_tokens: 100000 > 64000", null));
  }

  @Test
  void anErrorBodyNotInAnthropicsShapeIsNotEchoed() {
    UpstreamError error = provider.translateError(502, "<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8));

    assertThat(error.message()).isEqualTo("the provider answered HTTP 502");
  }
}
