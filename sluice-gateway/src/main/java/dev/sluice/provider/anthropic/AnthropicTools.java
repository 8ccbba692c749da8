package dev.sluice.provider.anthropic;

import static dev.sluice.provider.anthropic.Fields.refuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.provider.UnsupportedFieldException;
import java.util.Set;

/**
 * {@code tools}, {@code tool_choice} and {@code parallel_tool_calls}. OpenAI wraps each tool in
 * {@code {"type":"function","function":{...}}} with its schema in {@code parameters}; Anthropic
 * takes the tool flat, the schema in {@code input_schema}. OpenAI's {@code strict} is
 * Anthropic's strict tool use (both constrain the arguments to the schema).
 */
final class AnthropicTools {
  private AnthropicTools() {}

  static void translate(JsonNode request, ObjectNode out) throws UnsupportedFieldException {
    JsonNode tools = request.get("tools");
    boolean hasTools = false;
    if (tools != null && !tools.isNull()) {
      if (!tools.isArray()) {
        throw refuse("tools", "expected an array");
      }
      hasTools = !tools.isEmpty();
      if (hasTools) {
        out.set("tools", tools(tools));
      }
    }
    ObjectNode choice = choice(request.get("tool_choice"), hasTools);
    JsonNode parallel = request.get("parallel_tool_calls");
    if (hasTools && parallel != null && parallel.isBoolean() && !parallel.asBoolean()) {
      if (choice == null) {
        choice = Json.MAPPER.createObjectNode().put("type", "auto");
      }
      if (!choice.path("type").asText().equals("none")) { // "none" calls no tool at all
        choice.put("disable_parallel_tool_use", true);
      }
    }
    if (choice != null) {
      out.set("tool_choice", choice);
    }
  }

  private static ArrayNode tools(JsonNode tools) throws UnsupportedFieldException {
    ArrayNode translated = Json.MAPPER.createArrayNode();
    for (int i = 0; i < tools.size(); i++) {
      String path = "tools[" + i + "]";
      JsonNode tool = Fields.object(tools.get(i), path);
      String type = tool.path("type").asText("");
      if (!type.equals("function")) {
        throw refuse(path + ".type", "\"" + type + "\" (expected: function)");
      }
      Fields.only(tool, path, Set.of("type", "function"));
      JsonNode function = Fields.object(tool.get("function"), path + ".function");
      Fields.only(function, path + ".function", Set.of("name", "description", "parameters", "strict"));
      ObjectNode target = translated.addObject();
      target.put("name", Fields.string(function.get("name"), path + ".function.name"));
      if (function.hasNonNull("description")) {
        target.put("description", Fields.string(function.get("description"), path + ".function.description"));
      }
      JsonNode parameters = function.get("parameters");
      if (parameters == null || parameters.isNull()) {
        // OpenAI: no parameters means a function without arguments; Anthropic requires a schema.
        target.putObject("input_schema").put("type", "object").putObject("properties");
      } else {
        target.set("input_schema", Fields.object(parameters, path + ".function.parameters"));
      }
      if (function.path("strict").asBoolean(false)) {
        target.put("strict", true);
      }
    }
    return translated;
  }

  /** Anthropic's tool_choice, or null to send none (Anthropic's default is auto). */
  private static ObjectNode choice(JsonNode choice, boolean hasTools) throws UnsupportedFieldException {
    if (choice == null || choice.isNull()) {
      return null;
    }
    ObjectNode target = Json.MAPPER.createObjectNode();
    if (choice.isTextual()) {
      switch (choice.asText()) {
        case "auto" -> target.put("type", "auto");
        case "none" -> target.put("type", "none");
        case "required" -> target.put("type", "any");
        default -> throw refuse("tool_choice", choice + " (expected: auto, none, required or a function)");
      }
    } else {
      Fields.object(choice, "tool_choice");
      Fields.only(choice, "tool_choice", Set.of("type", "function"));
      String type = choice.path("type").asText("");
      if (!type.equals("function")) {
        // e.g. allowed_tools: Anthropic cannot narrow the tool list per request.
        throw refuse("tool_choice.type", "\"" + type + "\" (expected: function)");
      }
      JsonNode function = Fields.object(choice.get("function"), "tool_choice.function");
      Fields.only(function, "tool_choice.function", Set.of("name"));
      target.put("type", "tool").put("name", Fields.string(function.get("name"), "tool_choice.function.name"));
    }
    if (!hasTools) {
      String type = target.path("type").asText();
      if (type.equals("auto") || type.equals("none")) {
        return null; // without tools, both mean what no tool_choice means
      }
      throw refuse("tool_choice", "requires tools, and the request has none");
    }
    return target;
  }
}
