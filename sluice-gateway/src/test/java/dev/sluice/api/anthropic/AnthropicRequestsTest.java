package dev.sluice.api.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnthropicRequestsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String HELLO = "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]";

  static JsonNode translate(String body) throws Exception {
    return JSON.readTree(AnthropicRequests.toOpenAi(body.getBytes(StandardCharsets.UTF_8)));
  }

  /** "accepted", or the rejection as code@param. */
  static String outcome(String body) {
    try {
      AnthropicRequests.toOpenAi(body.getBytes(StandardCharsets.UTF_8));
      return "accepted";
    } catch (AnthropicRequestException e) {
      return e.error().code() + (e.error().param() == null ? "" : "@" + e.error().param());
    }
  }

  /** A valid request with {@code extra} spliced in at the top level. */
  static String with(String extra) {
    return "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64," + extra + "}";
  }

  @Test
  void rejectsWhatAnthropicItselfWouldRejectNamingTheField() {
    assertThat(outcome("")).isEqualTo("invalid_json");
    assertThat(outcome("[1]")).isEqualTo("invalid_json");
    // Found by fuzzing: NULs make Jackson read UTF-32, which then runs out of bytes.
    assertThat(outcome("\n\0\0\0\0\n\n")).isEqualTo("invalid_json");
    assertThat(outcome("{\"model\":\"m\",\"max_tokens\":5," + HELLO)).isEqualTo("invalid_json");
    assertThat(outcome(with(HELLO) + " {}")).isEqualTo("invalid_json");
    assertThat(outcome("{\"max_tokens\":5," + HELLO + "}")).isEqualTo("missing_model@model");
    assertThat(outcome("{\"model\":\"m\"," + HELLO + "}")).isEqualTo("missing_required_parameter@max_tokens");
    assertThat(outcome("{\"model\":\"m\",\"max_tokens\":\"5\"," + HELLO + "}")).isEqualTo("invalid_type@max_tokens");
    assertThat(outcome("{\"model\":\"m\",\"max_tokens\":0," + HELLO + "}")).isEqualTo("invalid_value@max_tokens");
    assertThat(outcome("{\"model\":\"m\",\"max_tokens\":5}")).isEqualTo("missing_required_parameter@messages");
    assertThat(outcome(with("\"messages\":[]"))).isEqualTo("invalid_value@messages");
    assertThat(outcome(with("\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]")))
        .isEqualTo("invalid_value@messages.0.role");
    assertThat(outcome(with("\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"system\",\"content\":"
        + "[{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://x/y.png\"}}]}]")))
        .isEqualTo("invalid_value@messages.1.content.0.type");
    assertThat(outcome(with("\"messages\":[{\"role\":\"user\"}]")))
        .isEqualTo("missing_required_parameter@messages.0.content");
    assertThat(outcome(with("\"messages\":[{\"role\":\"user\",\"content\":[]}]")))
        .isEqualTo("invalid_value@messages.0.content");
    assertThat(outcome(with(HELLO + ",\"temperature\":\"hot\""))).isEqualTo("invalid_type@temperature");
    assertThat(outcome(with("\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]")))
        .isEqualTo("missing_required_parameter@messages.0.content.0.text");
  }

  @Test
  void refusesWhatTheOpenAiRequestCannotExpressNamingTheAnthropicField() {
    String image = "{\"type\":\"image\",\"source\":{\"type\":\"file\",\"file_id\":\"file_011CNha8iCJcU1wXNR6q4V8w\"}}";
    assertThat(outcome(with("\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"},"
        + "{\"role\":\"user\",\"content\":[" + image + "]}]")))
        .isEqualTo("unsupported_parameter@messages.2.content.0.source");
    assertThat(outcome(with(HELLO + ",\"top_k\":5"))).isEqualTo("unsupported_parameter@top_k");
    assertThat(outcome(with(HELLO + ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048}")))
        .isEqualTo("unsupported_parameter@thinking");
    assertThat(outcome(with(HELLO + ",\"service_tier\":\"standard_only\""))).isEqualTo("unsupported_parameter@service_tier");
    assertThat(outcome(with(HELLO + ",\"output_config\":{\"effort\":\"low\"}")))
        .isEqualTo("unsupported_parameter@output_config.effort");
    assertThat(outcome(with(HELLO + ",\"container\":\"container_1\""))).isEqualTo("unsupported_parameter@container");
    assertThat(outcome(with(HELLO + ",\"metadata\":{\"user_id\":\"u\",\"session\":\"s\"}")))
        .isEqualTo("unsupported_parameter@metadata.session");
    assertThat(outcome(with(HELLO + ",\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]")))
        .isEqualTo("unsupported_parameter@tools.0.type");
    assertThat(outcome(with(HELLO + ",\"tools\":[{\"name\":\"t\",\"input_schema\":{},\"input_examples\":[{}]}]")))
        .isEqualTo("unsupported_parameter@tools.0.input_examples");
    assertThat(outcome(with("\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"document\","
        + "\"source\":{\"type\":\"text\",\"media_type\":\"text/plain\",\"data\":\"x\"}}]}]")))
        .isEqualTo("unsupported_parameter@messages.0.content.0.type");
    assertThat(outcome(with("\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":["
        + "{\"type\":\"thinking\",\"thinking\":\"hm\",\"signature\":\"sig\"}]},{\"role\":\"user\",\"content\":\"b\"}]")))
        .isEqualTo("unsupported_parameter@messages.1.content.0.type");
    assertThat(outcome(with("\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\","
        + "\"citations\":[{\"type\":\"char_location\"}]}]}]")))
        .isEqualTo("unsupported_parameter@messages.0.content.0.citations");
    assertThat(outcome(with("\"messages\":[{\"role\":\"user\",\"content\":\"a\",\"name\":\"alice\"}]")))
        .isEqualTo("unsupported_parameter@messages.0.name");
  }

  @Test
  void refusesAToolResultThatAnOpenAiToolMessageCannotCarry() {
    String toolUse = "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"shot\",\"input\":{}}]}";
    String imageResult = "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":[{\"type\":\"image\","
        + "\"source\":{\"type\":\"url\",\"url\":\"https://example.com/a.png\"}}]}";
    assertThat(outcome(with("\"messages\":[{\"role\":\"user\",\"content\":\"a\"}," + toolUse
        + ",{\"role\":\"user\",\"content\":[" + imageResult + "]}]")))
        .isEqualTo("unsupported_parameter@messages.2.content.0.content.0.type");
    String late = "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"ok\"}";
    assertThat(outcome(with("\"messages\":[{\"role\":\"user\",\"content\":\"a\"}," + toolUse
        + ",{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"first\"}," + late + "]}]")))
        .isEqualTo("invalid_value@messages.2.content.1");
  }

  @Test
  void refusesAFinalAssistantMessageThatAnthropicWouldContinue() {
    assertThat(outcome(with("\"messages\":[{\"role\":\"user\",\"content\":\"JSON please\"},"
        + "{\"role\":\"assistant\",\"content\":\"{\"}]")))
        .isEqualTo("unsupported_parameter@messages.1");
  }

  @Test
  void streamsWithUsageOnlyWhenAskedToStream() throws Exception {
    JsonNode streamed = translate(with(HELLO + ",\"stream\":true"));
    assertThat(streamed.path("stream").asBoolean()).isTrue();
    assertThat(streamed.path("stream_options").path("include_usage").asBoolean()).isTrue();

    JsonNode plain = translate(with(HELLO + ",\"stream\":false"));
    assertThat(plain.has("stream")).isFalse();
    assertThat(plain.has("stream_options")).isFalse();
  }

  @Test
  void passesSamplingNumbersExactlyAsSent() throws Exception {
    byte[] out = AnthropicRequests.toOpenAi(with(HELLO + ",\"temperature\":0.7,\"top_p\":1")
        .getBytes(StandardCharsets.UTF_8));
    assertThat(new String(out, StandardCharsets.UTF_8)).contains("\"temperature\":0.7", "\"top_p\":1");
  }

  @Test
  void mapsStructuredOutputToAStrictJsonSchemaResponseFormat() throws Exception {
    JsonNode out = translate(with(HELLO + ",\"output_config\":{\"format\":{\"type\":\"json_schema\","
        + "\"schema\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},"
        + "\"required\":[\"name\"],\"additionalProperties\":false}}}"));
    JsonNode format = out.path("response_format");
    assertThat(format.path("type").asText()).isEqualTo("json_schema");
    assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
    assertThat(format.path("json_schema").path("schema").path("required").get(0).asText()).isEqualTo("name");
  }

  @Test
  void leavesOutToolChoicesThatAskNothingWithoutTools() throws Exception {
    JsonNode out = translate(with(HELLO + ",\"tools\":[],\"tool_choice\":{\"type\":\"auto\"}"));
    assertThat(out.has("tools")).isFalse();
    assertThat(out.has("tool_choice")).isFalse();
    assertThat(outcome(with(HELLO + ",\"tool_choice\":{\"type\":\"any\"}"))).isEqualTo("invalid_value@tool_choice.type");
  }

  @Test
  void sendsAnAssistantTurnOfOnlyToolCallsWithNullContent() throws Exception {
    JsonNode out = translate(with("\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":["
        + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"ls\",\"input\":{\"path\":\".\"}}]},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\"}]}]"));
    JsonNode assistant = out.path("messages").get(1);
    assertThat(assistant.path("content").isNull()).isTrue();
    assertThat(assistant.path("tool_calls").get(0).path("function").path("arguments").asText()).isEqualTo("{\"path\":\".\"}");
    JsonNode tool = out.path("messages").get(2);
    assertThat(tool.path("role").asText()).isEqualTo("tool");
    assertThat(tool.path("content").asText()).isEmpty();
    assertThat(out.path("messages")).hasSize(3); // no empty user message after the tool result
  }

  @Test
  void keepsAStrictToolStrict() throws Exception {
    JsonNode out = translate(with(HELLO + ",\"tools\":[{\"name\":\"t\",\"input_schema\":{\"type\":\"object\"},\"strict\":true}]"));
    assertThat(out.path("tools").get(0).path("function").path("strict").asBoolean()).isTrue();
  }

  @Test
  void rejectionMessagesStartWithTheFieldTheWayAnthropicsDo() {
    byte[] body = ("{\"model\":\"m\",\"max_tokens\":0," + HELLO + "}").getBytes(StandardCharsets.UTF_8);
    AnthropicRequestException e = catchThrowableOfType(AnthropicRequestException.class,
        () -> AnthropicRequests.toOpenAi(body));
    assertThat(e.error().message()).isEqualTo("max_tokens: 0 (expected: >= 1)");
    assertThat(e.error().status()).isEqualTo(400);
  }
}
