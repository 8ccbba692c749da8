package dev.sluice.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.provider.ProviderException;
import dev.sluice.provider.TokenUsage;
import dev.sluice.provider.TranslatedResponse;

/**
 * A Converse answer as an OpenAI {@code chat.completion}: {@code text} blocks become the
 * message content, {@code toolUse} blocks its {@code tool_calls} (input serialised back to an
 * arguments string), {@code reasoningContent} text the {@code reasoning_content} field that
 * OpenAI-compatible servers use for reasoning models (gpt-oss and DeepSeek-R1 on Bedrock return
 * it unasked). Other output blocks (citations, guard content) have no OpenAI form and are left
 * out.
 *
 * @see <a href="https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax">Converse response</a>
 */
final class ConverseResponse {
  private ConverseResponse() {}

  static TranslatedResponse translate(byte[] body, String id, long created, String model)
      throws ProviderException {
    JsonNode answer = Json.parse(body, "the provider's answer");
    JsonNode content = answer.path("output").path("message").path("content");
    if (!content.isArray()) {
      throw new ProviderException("the provider's answer has no output.message.content");
    }
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    ArrayNode toolCalls = Json.MAPPER.createArrayNode();
    boolean anyText = false;
    for (JsonNode block : content) {
      if (block.path("text").isTextual()) {
        text.append(block.get("text").asText());
        anyText = true;
      } else if (block.has("toolUse")) {
        toolCalls.add(toolCall(block.get("toolUse")));
      } else if (block.path("reasoningContent").path("reasoningText").path("text").isTextual()) {
        reasoning.append(block.get("reasoningContent").get("reasoningText").get("text").asText());
      }
    }
    ObjectNode completion = Json.MAPPER.createObjectNode();
    completion.put("id", id);
    completion.put("object", "chat.completion");
    completion.put("created", created);
    completion.put("model", model);
    ObjectNode choice = completion.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    if (anyText) {
      message.put("content", text.toString());
    } else {
      message.putNull("content");
    }
    message.putNull("refusal");
    if (!toolCalls.isEmpty()) {
      message.set("tool_calls", toolCalls);
    }
    if (!reasoning.isEmpty()) {
      message.put("reasoning_content", reasoning.toString());
    }
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason(answer.path("stopReason").asText("")));
    TokenUsage usage = ConverseUsage.read(answer.get("usage"));
    if (usage != null) {
      completion.set("usage", ConverseUsage.openAi(usage));
    }
    return new TranslatedResponse(Json.bytes(completion), usage);
  }

  private static ObjectNode toolCall(JsonNode use) {
    ObjectNode call = Json.MAPPER.createObjectNode();
    call.put("id", use.path("toolUseId").asText());
    call.put("type", "function");
    ObjectNode function = call.putObject("function");
    function.put("name", use.path("name").asText());
    JsonNode input = use.path("input");
    function.put("arguments", input.isMissingNode() ? "{}" : input.toString());
    return call;
  }

  /**
   * Converse's {@code stopReason} as OpenAI's {@code finish_reason}. A reason this version
   * does not know ends the answer normally: the text is whole, only its cause is unnamed.
   */
  static String finishReason(String stopReason) {
    return switch (stopReason) {
      case "max_tokens", "model_context_window_exceeded" -> "length";
      case "tool_use" -> "tool_calls";
      case "content_filtered", "guardrail_intervened" -> "content_filter";
      default -> "stop"; // end_turn, stop_sequence
    };
  }
}
