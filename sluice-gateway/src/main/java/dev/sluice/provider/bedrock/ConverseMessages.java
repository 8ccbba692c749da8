package dev.sluice.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.provider.UnsupportedFieldException;
import java.io.IOException;
import java.util.Iterator;

/**
 * OpenAI {@code messages} as Converse {@code system} and {@code messages}:
 *
 * <ul>
 *   <li>system and developer messages become {@code system} text blocks, in order (Converse
 *       has one system prompt, before the conversation, as every gateway hoists it);
 *   <li>user content becomes {@code text} and {@code image} blocks ({@link ContentParts});
 *   <li>assistant tool calls become {@code toolUse} blocks, their JSON arguments parsed;
 *   <li>tool messages become {@code toolResult} blocks in a user turn.
 * </ul>
 *
 * Consecutive turns of one Converse role are merged into one message (several tool results,
 * or a tool result and the user's next words), since Converse wants user and assistant turns to
 * alternate.
 *
 * @see <a href="https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Message.html">Message</a>
 * @see <a href="https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ContentBlock.html">ContentBlock</a>
 */
final class ConverseMessages {
  private ConverseMessages() {}

  static void translate(JsonNode messages, ObjectNode converse) throws UnsupportedFieldException {
    ArrayNode system = Json.MAPPER.createArrayNode();
    ArrayNode turns = Json.MAPPER.createArrayNode();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String at = "messages[" + i + "]";
      String role = message.path("role").asText("");
      checkFields(message, role, at);
      switch (role) {
        case "system", "developer" -> ContentParts.text(message.path("content"), at, system);
        case "user" -> ContentParts.user(message.path("content"), at, turn(turns, "user"));
        case "assistant" -> assistant(message, at, turn(turns, "assistant"));
        case "tool" -> toolResult(message, at, turn(turns, "user"));
        default -> throw new UnsupportedFieldException(at + ".role",
            at + ".role: '" + role + "' (expected: system, developer, user, assistant or tool)");
      }
    }
    if (!system.isEmpty()) {
      converse.set("system", system);
    }
    converse.set("messages", turns);
  }

  /** The content array to append to: the last turn's when it has this role, else a new one's. */
  private static ArrayNode turn(ArrayNode turns, String role) {
    JsonNode last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
    if (last != null && role.equals(last.path("role").asText())) {
      return (ArrayNode) last.get("content");
    }
    ObjectNode turn = turns.addObject();
    turn.put("role", role);
    return turn.putArray("content");
  }

  private static void checkFields(JsonNode message, String role, String at)
      throws UnsupportedFieldException {
    for (Iterator<String> it = message.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (message.get(field).isNull()) {
        continue;
      }
      switch (field) {
        case "role", "content" -> { }
        case "tool_calls", "refusal" -> requireRole(role, "assistant", at, field);
        case "tool_call_id" -> requireRole(role, "tool", at, field);
        // A tool message's name repeats what its tool_call_id already identifies; anyone
        // else's names a participant, which Converse has no place for.
        case "name" -> requireRole(role, "tool", at, field);
        // An earlier answer's reasoning, echoed back by some clients: models do not take it
        // as input on the next turn (OpenAI drops it too), so it changes nothing.
        case "reasoning_content" -> requireRole(role, "assistant", at, field);
        default -> throw new UnsupportedFieldException(at + "." + field,
            at + "." + field + ": not supported by Bedrock Converse");
      }
    }
  }

  private static void requireRole(String role, String expected, String at, String field)
      throws UnsupportedFieldException {
    if (!role.equals(expected)) {
      throw new UnsupportedFieldException(at + "." + field, at + "." + field + ": not supported on "
          + role + " messages by Bedrock Converse (expected only on " + expected + " messages)");
    }
  }

  private static void assistant(JsonNode message, String at, ArrayNode blocks)
      throws UnsupportedFieldException {
    JsonNode content = message.path("content");
    // Clients send "" beside tool calls; Converse rejects a blank text block.
    if ((content.isTextual() && !content.asText().isEmpty()) || content.isArray()) {
      ContentParts.text(content, at, blocks);
    }
    // A refusal is what the assistant said: it stays in the conversation as text.
    if (message.path("refusal").isTextual() && !message.get("refusal").asText().isEmpty()) {
      blocks.addObject().put("text", message.get("refusal").asText());
    }
    JsonNode calls = message.path("tool_calls");
    for (int k = 0; k < calls.size(); k++) {
      blocks.addObject().set("toolUse", toolUse(calls.get(k), at + ".tool_calls[" + k + "]"));
    }
  }

  private static ObjectNode toolUse(JsonNode call, String at) throws UnsupportedFieldException {
    if (!"function".equals(call.path("type").asText("function"))) {
      throw new UnsupportedFieldException(at + ".type",
          at + ".type: '" + call.path("type").asText() + "' (expected: function)");
    }
    JsonNode function = call.path("function");
    ObjectNode use = Json.MAPPER.createObjectNode();
    use.put("toolUseId", call.path("id").asText());
    use.put("name", function.path("name").asText());
    use.set("input", arguments(function.path("arguments"), at + ".function.arguments"));
    return use;
  }

  /** OpenAI carries arguments as a JSON string; Converse as the JSON itself. */
  private static JsonNode arguments(JsonNode arguments, String at) throws UnsupportedFieldException {
    String text = arguments.asText("");
    if (text.isBlank()) {
      return Json.MAPPER.createObjectNode();
    }
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UnsupportedFieldException(at, at + ": not valid JSON (Bedrock Converse takes "
          + "tool arguments as JSON)");
    }
  }

  private static void toolResult(JsonNode message, String at, ArrayNode blocks)
      throws UnsupportedFieldException {
    JsonNode id = message.path("tool_call_id");
    if (!id.isTextual()) {
      throw new UnsupportedFieldException(at + ".tool_call_id", at + ".tool_call_id: missing");
    }
    ObjectNode result = blocks.addObject().putObject("toolResult");
    result.put("toolUseId", id.asText());
    ContentParts.text(message.path("content"), at, result.putArray("content"));
  }
}
