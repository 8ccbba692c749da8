package dev.sluice.provider.anthropic;

import static dev.sluice.provider.anthropic.Fields.refuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.provider.UnsupportedFieldException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * OpenAI's message list to Anthropic's {@code system} and {@code messages}. Anthropic has no
 * system role, so system and developer messages are lifted, in order, into {@code system}. It
 * wants user and assistant turns to alternate, so consecutive messages of one role are merged
 * into one turn; {@code tool} messages are user turns of {@code tool_result} blocks, which lets
 * a run of them, and a user message after them, merge into the one turn Anthropic expects after
 * a {@code tool_use}.
 */
final class AnthropicMessages {
  private static final Set<String> PLAIN_FIELDS = Set.of("role", "content");
  private static final Set<String> ASSISTANT_FIELDS = Set.of("role", "content", "tool_calls");
  /**
   * Some clients name the function a tool message answers; the {@code tool_call_id} already ties
   * the result to its call (and so to the name), so the name adds nothing Anthropic lacks.
   */
  private static final Set<String> TOOL_FIELDS = Set.of("role", "content", "tool_call_id", "name");

  private AnthropicMessages() {}

  /** Sets {@code system} (when there is one) and {@code messages} on {@code out}. */
  static void translate(JsonNode messages, ObjectNode out) throws UnsupportedFieldException {
    List<ObjectNode> system = new ArrayList<>();
    Turns turns = new Turns();
    for (int i = 0; i < messages.size(); i++) {
      String path = "messages[" + i + "]";
      JsonNode message = Fields.object(messages.get(i), path);
      JsonNode content = message.get("content");
      String role = message.path("role").asText("");
      switch (role) {
        case "system", "developer" -> {
          Fields.only(message, path, PLAIN_FIELDS); // "name" included: Anthropic has no speakers
          system.addAll(ContentParts.text(content, path + ".content"));
        }
        case "user" -> {
          Fields.only(message, path, PLAIN_FIELDS);
          turns.add("user", ContentParts.user(content, path + ".content"));
        }
        case "assistant" -> {
          Fields.only(message, path, ASSISTANT_FIELDS);
          List<ObjectNode> blocks = new ArrayList<>(ContentParts.text(content, path + ".content"));
          blocks.addAll(toolUses(message.get("tool_calls"), path + ".tool_calls"));
          turns.add("assistant", blocks);
        }
        case "tool" -> {
          Fields.only(message, path, TOOL_FIELDS);
          turns.add("user", List.of(toolResult(message, path)));
        }
        default -> throw refuse(path + ".role",
            "\"" + role + "\" (expected: system, developer, user, assistant or tool)");
      }
    }
    if (system.size() == 1) {
      out.set("system", system.getFirst().get("text"));
    } else if (!system.isEmpty()) {
      out.putArray("system").addAll(system);
    }
    out.set("messages", turns.json());
  }

  private static List<ObjectNode> toolUses(JsonNode calls, String path) throws UnsupportedFieldException {
    if (calls == null || calls.isNull()) {
      return List.of();
    }
    if (!calls.isArray()) {
      throw refuse(path, "expected an array");
    }
    List<ObjectNode> blocks = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      String at = path + "[" + i + "]";
      JsonNode call = Fields.object(calls.get(i), at);
      Fields.only(call, at, Set.of("id", "type", "function"));
      String type = call.path("type").asText("function");
      if (!type.equals("function")) {
        throw refuse(at + ".type", "\"" + type + "\" (expected: function)");
      }
      JsonNode function = Fields.object(call.get("function"), at + ".function");
      Fields.only(function, at + ".function", Set.of("name", "arguments"));
      ObjectNode block = Json.MAPPER.createObjectNode();
      block.put("type", "tool_use");
      block.put("id", Fields.string(call.get("id"), at + ".id"));
      block.put("name", Fields.string(function.get("name"), at + ".function.name"));
      block.set("input", arguments(function.get("arguments"), at + ".function.arguments"));
      blocks.add(block);
    }
    return blocks;
  }

  /** OpenAI sends arguments as a JSON string, Anthropic wants the object itself. */
  private static JsonNode arguments(JsonNode arguments, String param) throws UnsupportedFieldException {
    String text = arguments == null || arguments.isNull() ? "" : Fields.string(arguments, param);
    if (text.isBlank()) {
      return Json.MAPPER.createObjectNode(); // some clients send "" for a call without arguments
    }
    try {
      JsonNode input = Json.MAPPER.readTree(text);
      if (input != null && input.isObject()) {
        return input;
      }
    } catch (IOException e) {
      // refused below
    }
    throw refuse(param, "expected a JSON object in the string (Anthropic takes tool input as an object)");
  }

  private static ObjectNode toolResult(JsonNode message, String path) throws UnsupportedFieldException {
    ObjectNode block = Json.MAPPER.createObjectNode();
    block.put("type", "tool_result");
    block.put("tool_use_id", Fields.string(message.get("tool_call_id"), path + ".tool_call_id"));
    JsonNode content = message.get("content");
    if (content != null && content.isTextual()) {
      if (!content.asText().isEmpty()) {
        block.put("content", content.asText());
      }
    } else {
      List<ObjectNode> parts = ContentParts.text(content, path + ".content");
      if (!parts.isEmpty()) {
        block.putArray("content").addAll(parts);
      }
    }
    return block;
  }

  /** Turns in order, a message of the same role as the last turn merged into it. */
  private static final class Turns {
    private final List<String> roles = new ArrayList<>();
    private final List<List<ObjectNode>> blocks = new ArrayList<>();

    void add(String role, List<ObjectNode> content) {
      if (content.isEmpty()) {
        return; // a message with nothing in it (Anthropic refuses empty turns)
      }
      if (!roles.isEmpty() && roles.getLast().equals(role)) {
        blocks.getLast().addAll(content);
      } else {
        roles.add(role);
        blocks.add(new ArrayList<>(content));
      }
    }

    ArrayNode json() {
      ArrayNode turns = Json.MAPPER.createArrayNode();
      for (int i = 0; i < roles.size(); i++) {
        ObjectNode turn = turns.addObject().put("role", roles.get(i));
        List<ObjectNode> content = blocks.get(i);
        // A lone text block is written as a plain string, as Anthropic's own examples do.
        if (content.size() == 1 && content.getFirst().path("type").asText().equals("text")) {
          turn.set("content", content.getFirst().get("text"));
        } else {
          turn.putArray("content").addAll(content);
        }
      }
      return turns;
    }
  }
}
