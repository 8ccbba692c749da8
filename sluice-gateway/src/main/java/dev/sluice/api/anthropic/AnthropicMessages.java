package dev.sluice.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Translates Anthropic's {@code system} and {@code messages} into OpenAI messages.
 *
 * <p>Content stays as close to what was sent as OpenAI allows: a string stays a string; blocks
 * become content parts, except that a single text block becomes a plain string, the one form
 * every OpenAI-compatible backend accepts for every role. A user message's {@code tool_result}
 * blocks become {@code tool} messages placed before the rest of it, which is where OpenAI wants
 * them (right after the assistant's {@code tool_calls}).
 */
final class AnthropicMessages {
  private static final Set<String> MESSAGE_KEYS = Set.of("role", "content");
  private static final Set<String> TEXT_KEYS = Set.of("type", "text", "cache_control", "citations");
  private static final Set<String> IMAGE_KEYS = Set.of("type", "source", "cache_control");
  private static final Set<String> TOOL_USE_KEYS = Set.of("type", "id", "name", "input", "cache_control");

  private AnthropicMessages() {}

  /** The top-level system prompt, a string or text blocks, as the first message. */
  static void system(JsonNode system, ArrayNode out) throws AnthropicRequestException {
    if (!Fields.absent(system)) {
      system(system, "system", out);
    }
  }

  /**
   * A system prompt as an OpenAI system message: the top-level one, or a mid-conversation
   * {@code role: system} message (Anthropic's newer models, and coding agents, send those),
   * which OpenAI accepts at any position too.
   */
  private static void system(JsonNode content, String param, ArrayNode out)
      throws AnthropicRequestException {
    JsonNode text;
    if (content.isTextual()) {
      text = content;
    } else if (content.isArray()) {
      ArrayNode parts = out.arrayNode();
      for (int i = 0; i < content.size(); i++) {
        String p = param + "." + i;
        JsonNode block = Fields.object(content.get(i), p);
        if (!"text".equals(Fields.text(block.get("type"), p + ".type"))) {
          throw AnthropicRequestException.invalid(p + ".type", "a system prompt takes text blocks only");
        }
        parts.add(text(block, p));
      }
      text = simplest(parts);
    } else {
      throw AnthropicRequestException.wrongType(param, "a string or an array of text blocks");
    }
    // An empty system prompt asks for nothing; some backends reject an empty system message.
    boolean empty = text.isTextual() ? text.textValue().isEmpty() : text.isEmpty();
    if (!empty) {
      out.addObject().put("role", "system").set("content", text);
    }
  }

  static void conversation(JsonNode messages, ArrayNode out) throws AnthropicRequestException {
    Fields.array(messages, "messages");
    if (messages.isEmpty()) {
      throw AnthropicRequestException.invalid("messages", "at least one message is required");
    }
    for (int i = 0; i < messages.size(); i++) {
      String param = "messages." + i;
      JsonNode message = Fields.object(messages.get(i), param);
      Fields.onlyKnown(message, param, MESSAGE_KEYS);
      String role = Fields.text(message.get("role"), param + ".role");
      JsonNode content = message.get("content");
      if (Fields.absent(content)) {
        throw AnthropicRequestException.missing(param + ".content");
      }
      if (content.isArray() && content.isEmpty()) {
        throw AnthropicRequestException.invalid(param + ".content", "at least one content block is required");
      }
      if (!content.isTextual() && !content.isArray()) {
        throw AnthropicRequestException.wrongType(param + ".content", "a string or an array of content blocks");
      }
      switch (role) {
        case "user" -> UserContent.translate(content, param, out);
        case "system" -> system(content, param + ".content", out);
        case "assistant" -> {
          if (i == messages.size() - 1) {
            // Anthropic continues a final assistant message ("prefill"); an OpenAI backend would
            // start a new turn after it, and the client would glue two answers together.
            throw AnthropicRequestException.unsupported(param,
                "a final assistant message (prefill) cannot be continued by OpenAI-shaped backends");
          }
          assistant(content, param, out);
        }
        default -> throw AnthropicRequestException.invalid(param + ".role",
            "\"" + role + "\" (expected: \"user\", \"assistant\" or \"system\")");
      }
    }
  }

  private static void assistant(JsonNode content, String param, ArrayNode out)
      throws AnthropicRequestException {
    ObjectNode message = out.addObject().put("role", "assistant");
    if (content.isTextual()) {
      message.set("content", content);
      return;
    }
    ArrayNode parts = out.arrayNode();
    ArrayNode toolCalls = out.arrayNode();
    for (int j = 0; j < content.size(); j++) {
      String p = param + ".content." + j;
      JsonNode block = Fields.object(content.get(j), p);
      switch (Fields.text(block.get("type"), p + ".type")) {
        case "text" -> parts.add(text(block, p));
        case "tool_use" -> toolCalls.add(toolCall(block, p));
        default -> throw unsupportedBlock(block, p);
      }
    }
    // OpenAI: content may be null when the assistant only called tools.
    message.set("content", parts.isEmpty() ? message.nullNode() : simplest(parts));
    if (!toolCalls.isEmpty()) {
      message.set("tool_calls", toolCalls);
    }
  }

  /** A {@code text} block as an OpenAI text part. */
  static ObjectNode text(JsonNode block, String param) throws AnthropicRequestException {
    Fields.onlyKnown(block, param, TEXT_KEYS);
    JsonNode citations = block.get("citations");
    if (!Fields.absent(citations) && !citations.isEmpty()) {
      throw AnthropicRequestException.unsupported(param + ".citations",
          "citations cannot be passed to OpenAI-shaped backends");
    }
    ObjectNode part = AnthropicRequests.JSON.createObjectNode().put("type", "text");
    return part.put("text", Fields.text(block.get("text"), param + ".text"));
  }

  /** An {@code image} block as an OpenAI {@code image_url} part (a data: URL for base64). */
  static ObjectNode image(JsonNode block, String param) throws AnthropicRequestException {
    Fields.onlyKnown(block, param, IMAGE_KEYS);
    JsonNode source = Fields.object(block.get("source"), param + ".source");
    String url = switch (Fields.text(source.get("type"), param + ".source.type")) {
      case "base64" -> "data:" + Fields.text(source.get("media_type"), param + ".source.media_type")
          + ";base64," + Fields.text(source.get("data"), param + ".source.data");
      case "url" -> Fields.text(source.get("url"), param + ".source.url");
      // A file_id names a file stored at Anthropic: no other backend can read it.
      default -> throw AnthropicRequestException.unsupported(param + ".source",
          "only base64 and url image sources can be sent to other backends");
    };
    ObjectNode part = AnthropicRequests.JSON.createObjectNode().put("type", "image_url");
    part.putObject("image_url").put("url", url);
    return part;
  }

  private static ObjectNode toolCall(JsonNode block, String param) throws AnthropicRequestException {
    Fields.onlyKnown(block, param, TOOL_USE_KEYS);
    ObjectNode call = AnthropicRequests.JSON.createObjectNode();
    call.put("id", Fields.text(block.get("id"), param + ".id")).put("type", "function");
    ObjectNode function = call.putObject("function");
    function.put("name", Fields.text(block.get("name"), param + ".name"));
    // OpenAI carries tool arguments as a JSON string, Anthropic as the object itself.
    function.put("arguments", Fields.object(block.get("input"), param + ".input").toString());
    return call;
  }

  static AnthropicRequestException unsupportedBlock(JsonNode block, String param) {
    return AnthropicRequestException.unsupported(param + ".type", "\"" + block.get("type").asText()
        + "\" content blocks cannot be expressed in this message for OpenAI-shaped backends");
  }

  /** One text part as a plain string; anything else as the parts array. */
  static JsonNode simplest(ArrayNode parts) {
    if (parts.size() == 1 && "text".equals(parts.get(0).path("type").textValue())) {
      return parts.get(0).get("text");
    }
    return parts;
  }
}
