package dev.sluice.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Set;

/**
 * A user message's content: text and images become one user message; each {@code tool_result}
 * becomes a {@code tool} message before it. Anthropic requires tool results to come first in the
 * message, which is also the only order OpenAI can express, so a text block before a tool result
 * is refused rather than reordered.
 */
final class UserContent {
  private static final Set<String> TOOL_RESULT_KEYS =
      Set.of("type", "tool_use_id", "content", "is_error", "cache_control");
  /** How a failed tool's result reads to a model that has no {@code is_error} flag. */
  static final String ERROR_PREFIX = "Error: ";

  private UserContent() {}

  static void translate(JsonNode content, String param, ArrayNode out)
      throws AnthropicRequestException {
    if (content.isTextual()) {
      out.addObject().put("role", "user").set("content", content);
      return;
    }
    ArrayNode parts = out.arrayNode();
    for (int j = 0; j < content.size(); j++) {
      String p = param + ".content." + j;
      JsonNode block = Fields.object(content.get(j), p);
      switch (Fields.text(block.get("type"), p + ".type")) {
        case "text" -> parts.add(AnthropicMessages.text(block, p));
        case "image" -> parts.add(AnthropicMessages.image(block, p));
        case "tool_result" -> {
          if (!parts.isEmpty()) {
            throw AnthropicRequestException.invalid(p,
                "tool_result blocks must come before any other content in a user message");
          }
          toolResult(block, p, out);
        }
        default -> throw AnthropicMessages.unsupportedBlock(block, p);
      }
    }
    if (!parts.isEmpty()) {
      out.addObject().put("role", "user").set("content", AnthropicMessages.simplest(parts));
    }
  }

  /**
   * A tool result as a {@code tool} message with string content (the form every backend's tool
   * message accepts); text blocks are joined by newlines. OpenAI tool messages cannot carry
   * images or documents, so those are refused.
   */
  private static void toolResult(JsonNode block, String param, ArrayNode out)
      throws AnthropicRequestException {
    Fields.onlyKnown(block, param, TOOL_RESULT_KEYS);
    String toolUseId = Fields.text(block.get("tool_use_id"), param + ".tool_use_id");
    JsonNode content = block.get("content");
    StringBuilder text = new StringBuilder();
    if (Fields.absent(content)) {
      // A tool that returned nothing: the empty string says exactly that.
    } else if (content.isTextual()) {
      text.append(content.textValue());
    } else if (content.isArray()) {
      for (int k = 0; k < content.size(); k++) {
        String p = param + ".content." + k;
        JsonNode inner = Fields.object(content.get(k), p);
        if (!"text".equals(Fields.text(inner.get("type"), p + ".type"))) {
          throw AnthropicRequestException.unsupported(p + ".type", "\"" + inner.get("type").asText()
              + "\" blocks in a tool result cannot be expressed in an OpenAI tool message");
        }
        if (k > 0) {
          text.append('\n');
        }
        text.append(AnthropicMessages.text(inner, p).get("text").textValue());
      }
    } else {
      throw AnthropicRequestException.wrongType(param + ".content", "a string or an array of content blocks");
    }
    // OpenAI has no is_error flag: say it in the text, where the model will read it.
    if (Fields.flag(block.get("is_error"), param + ".is_error")) {
      text.insert(0, ERROR_PREFIX);
    }
    out.addObject().put("role", "tool").put("tool_call_id", toolUseId).put("content", text.toString());
  }
}
