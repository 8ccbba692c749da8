package dev.sluice.api.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnthropicResponsesTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static String completion(String message, String finishReason, String usage) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\","
        + "\"choices\":[{\"index\":0,\"message\":" + message + ",\"finish_reason\":"
        + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}],\"usage\":" + usage + "}";
  }

  static JsonNode translate(String completion) throws Exception {
    return JSON.readTree(AnthropicResponses.fromOpenAi(completion.getBytes(StandardCharsets.UTF_8)));
  }

  static String stopReason(String finishReason) throws Exception {
    return translate(completion("{\"role\":\"assistant\",\"content\":\"x\"}", finishReason, "null"))
        .path("stop_reason").asText();
  }

  @Test
  void mapsEachFinishReasonToAnthropicsStopReason() throws Exception {
    assertThat(stopReason("stop")).isEqualTo("end_turn");
    assertThat(stopReason("length")).isEqualTo("max_tokens");
    assertThat(stopReason("tool_calls")).isEqualTo("tool_use");
    assertThat(stopReason("content_filter")).isEqualTo("refusal");
    assertThat(stopReason(null)).isEqualTo("end_turn");
  }

  @Test
  void saysARefusalAsTextWithTheRefusalStopReason() throws Exception {
    JsonNode message = translate(completion(
        "{\"role\":\"assistant\",\"content\":null,\"refusal\":\"I can't help with that.\"}", "stop", "null"));
    assertThat(message.path("content")).hasSize(1);
    assertThat(message.path("content").get(0).path("text").asText()).isEqualTo("I can't help with that.");
    assertThat(message.path("stop_reason").asText()).isEqualTo("refusal");
  }

  @Test
  void answersWithNoBlocksRatherThanAnEmptyTextBlock() throws Exception {
    JsonNode message = translate(completion("{\"role\":\"assistant\",\"content\":\"\"}", "stop", "null"));
    assertThat(message.path("content")).isEmpty();
    assertThat(message.path("usage").path("input_tokens").asLong()).isZero();
  }

  @Test
  void readsToolCallsWithoutArgumentsAsEmptyInput() throws Exception {
    JsonNode message = translate(completion("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
        + "\"type\":\"function\",\"function\":{\"name\":\"now\",\"arguments\":\"\"}}]}", "tool_calls", "null"));
    JsonNode toolUse = message.path("content").get(0);
    assertThat(toolUse.path("type").asText()).isEqualTo("tool_use");
    assertThat(toolUse.path("input").isObject()).isTrue();
    assertThat(toolUse.path("input")).isEmpty();
  }

  @Test
  void failsOnToolArgumentsThatAreNotAJsonObject() {
    for (String arguments : new String[] {"{\\\"city\\\":", "[1,2]", "\\\"Paris\\\""}) {
      String body = completion("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_9\",\"type\":\"function\","
          + "\"function\":{\"name\":\"weather\",\"arguments\":\"" + arguments + "\"}}]}", "tool_calls", "null");
      AnthropicTranslationException e = catchThrowableOfType(AnthropicTranslationException.class,
          () -> AnthropicResponses.fromOpenAi(body.getBytes(StandardCharsets.UTF_8)));
      assertThat(e).as("arguments %s", arguments).isNotNull();
      assertThat(e.getMessage()).contains("call_9");
    }
  }

  @Test
  void reportsCacheReadsApartFromInputAndNeverBelowZero() throws Exception {
    JsonNode usage = translate(completion("{\"role\":\"assistant\",\"content\":\"x\"}", "stop",
        "{\"prompt_tokens\":100,\"completion_tokens\":7,\"prompt_tokens_details\":{\"cached_tokens\":60}}")).path("usage");
    assertThat(usage.path("input_tokens").asLong()).isEqualTo(40);
    assertThat(usage.path("cache_read_input_tokens").asLong()).isEqualTo(60);
    assertThat(usage.path("output_tokens").asLong()).isEqualTo(7);

    JsonNode odd = translate(completion("{\"role\":\"assistant\",\"content\":\"x\"}", "stop",
        "{\"prompt_tokens\":10,\"completion_tokens\":1,\"prompt_tokens_details\":{\"cached_tokens\":12}}")).path("usage");
    assertThat(odd.path("input_tokens").asLong()).isZero();
  }

  @Test
  void keepsAnIdThatIsAlreadyAnAnthropicMessageId() throws Exception {
    String body = completion("{\"role\":\"assistant\",\"content\":\"x\"}", "stop", "null")
        .replace("chatcmpl-1", "msg_01XFDUDYJgAACzvnptvVoYEL");
    assertThat(translate(body).path("id").asText()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
  }

  @Test
  void failsOnACompletionWithoutChoices() {
    byte[] body = "{\"id\":\"chatcmpl-1\",\"choices\":[]}".getBytes(StandardCharsets.UTF_8);
    assertThat(catchThrowableOfType(AnthropicTranslationException.class, () -> AnthropicResponses.fromOpenAi(body)))
        .hasMessageContaining("no choices");
  }
}
