package dev.sluice.api.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.core.JsonValue;
import com.anthropic.core.ObjectMappers;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.ErrorResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Metadata;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceAuto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sluice.api.GatewayError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What we produce, read by the official Anthropic Java SDK ({@code com.anthropic:anthropic-java})
 * the way an Anthropic client reads the real API, and what that SDK sends, accepted by us.
 */
class AnthropicSdkCompatibilityTest {
  static final JsonMapper SDK = ObjectMappers.jsonMapper();

  static Message accumulate(byte[] sse) throws Exception {
    MessageAccumulator accumulator = MessageAccumulator.create();
    for (List<Object> event : InboundAnthropicGoldenTest.events(sse)) {
      RawMessageStreamEvent parsed = SDK.readValue(event.get(1).toString(), RawMessageStreamEvent.class);
      accumulator.accumulate(parsed.validate());
    }
    return accumulator.message();
  }

  static byte[] stream(String goldenCase) throws Exception {
    return InboundAnthropicGoldenTest.feed(
        Files.readAllBytes(InboundAnthropicGoldenTest.ROOT.resolve(goldenCase).resolve("openai-response.sse")), new int[0]);
  }

  @Test
  void everyMessageWeAnswerIsAValidSdkMessage() throws Exception {
    for (Path dir : InboundAnthropicGoldenTest.cases()) {
      Path completion = dir.resolve("openai-response.json");
      if (Files.exists(completion)) {
        byte[] answer = AnthropicResponses.fromOpenAi(Files.readAllBytes(completion));
        Message message = SDK.readValue(answer, Message.class).validate();
        assertThat(message.id()).as(dir.getFileName().toString()).startsWith("msg_");
        assertThat(message.content()).as(dir.getFileName().toString()).isNotEmpty();
      }
    }
  }

  @Test
  void theSdkAccumulatesOurTextStreamIntoTheWholeMessageWithItsUsage() throws Exception {
    Message message = accumulate(stream("stream-text"));

    assertThat(message.content()).hasSize(1);
    assertThat(message.content().get(0).asText().text()).isEqualTo("Hello, Bonjour, Hola — ¡hola!");
    assertThat(message.stopReason()).contains(StopReason.END_TURN);
    // Input arrives only with the last OpenAI chunk: the SDK must take it from message_delta.
    assertThat(message.usage().inputTokens()).isEqualTo(52);
    assertThat(message.usage().cacheReadInputTokens()).contains(2048L);
    assertThat(message.usage().outputTokens()).isEqualTo(15);
  }

  @Test
  void theSdkAccumulatesOurToolStreamIntoToolUseBlocksWithParsedInput() throws Exception {
    Message message = accumulate(stream("stream-tool-use"));
    JsonNode tree = SDK.readTree(SDK.writeValueAsString(message));

    assertThat(message.content()).hasSize(3);
    assertThat(message.content().get(1).asToolUse().name()).isEqualTo("get_weather");
    assertThat(tree.at("/content/1/input/location").asText()).isEqualTo("Paris");
    assertThat(tree.at("/content/2/input/timezone").asText()).isEqualTo("Europe/Paris");
    assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
  }

  @Test
  void acceptsARequestBuiltWithTheSdk() throws Exception {
    MessageCreateParams params = MessageCreateParams.builder()
        .model("claude-sonnet-4-5")
        .maxTokens(512)
        .system("Be brief.")
        .addUserMessage("What's the weather in Paris?")
        .addTool(Tool.builder().name("get_weather").description("Current weather for a city")
            .inputSchema(Tool.InputSchema.builder()
                .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                .addRequired("city").build())
            .build())
        .toolChoice(ToolChoiceAuto.builder().disableParallelToolUse(true).build())
        .metadata(Metadata.builder().userId("user-7").build())
        .stopSequences(List.of("END"))
        .build();

    JsonNode openAi = SDK.readTree(AnthropicRequests.toOpenAi(SDK.writeValueAsBytes(params._body())));

    assertThat(openAi.at("/messages/0/content").asText()).isEqualTo("Be brief.");
    assertThat(openAi.at("/messages/1/content").asText()).isEqualTo("What's the weather in Paris?");
    assertThat(openAi.at("/tools/0/function/parameters/required/0").asText()).isEqualTo("city");
    assertThat(openAi.at("/tool_choice").asText()).isEqualTo("auto");
    assertThat(openAi.at("/parallel_tool_calls").asBoolean(true)).isFalse();
    assertThat(openAi.at("/user").asText()).isEqualTo("user-7");
    assertThat(openAi.at("/stop/0").asText()).isEqualTo("END");
    assertThat(openAi.at("/max_tokens").asLong()).isEqualTo(512);
  }

  @Test
  void theSdkReadsOurErrorsWithTheirType() throws Exception {
    ErrorResponse overloaded = SDK.readValue(
        AnthropicErrors.body(new GatewayError.NoHealthyBackend("every circuit is open"), "req_1"),
        ErrorResponse.class).validate();
    assertThat(overloaded.error().isOverloadedError()).isTrue();
    assertThat(overloaded.requestId()).contains("req_1");

    ErrorResponse invalid = SDK.readValue(
        AnthropicErrors.body(new GatewayError.InvalidRequest("missing_required_parameter", "max_tokens: Field required", "max_tokens")),
        ErrorResponse.class).validate();
    assertThat(invalid.error().invalidRequestError().orElseThrow().message()).isEqualTo("max_tokens: Field required");
  }
}
