package dev.sluice.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Anthropic {@code tools} and {@code tool_choice} as OpenAI function tools. Client tools map one
 * to one; Anthropic's server and built-in tools (web search, bash, text editor, computer use...)
 * run inside Anthropic's API and are refused.
 */
final class AnthropicTools {
  private static final Set<String> TOOL_KEYS =
      Set.of("type", "name", "description", "input_schema", "strict", "cache_control");
  private static final Set<String> CHOICE_KEYS = Set.of("type", "name", "disable_parallel_tool_use");

  private AnthropicTools() {}

  static void translate(String field, JsonNode value, ObjectNode openAi)
      throws AnthropicRequestException {
    if (field.equals("tools")) {
      tools(value, openAi);
    } else {
      toolChoice(value, openAi);
    }
  }

  private static void tools(JsonNode tools, ObjectNode openAi) throws AnthropicRequestException {
    Fields.array(tools, "tools");
    ArrayNode out = openAi.arrayNode();
    for (int i = 0; i < tools.size(); i++) {
      String param = "tools." + i;
      JsonNode tool = Fields.object(tools.get(i), param);
      JsonNode type = tool.get("type");
      if (!Fields.absent(type) && !"custom".equals(type.textValue())) {
        throw AnthropicRequestException.unsupported(param + ".type", "\"" + type.asText()
            + "\" is a tool Anthropic runs itself; other backends can only call client tools");
      }
      Fields.onlyKnown(tool, param, TOOL_KEYS);
      ObjectNode function = out.addObject().put("type", "function").putObject("function");
      function.put("name", Fields.text(tool.get("name"), param + ".name"));
      JsonNode description = tool.get("description");
      if (!Fields.absent(description)) {
        function.put("description", Fields.text(description, param + ".description"));
      }
      function.set("parameters", Fields.object(tool.get("input_schema"), param + ".input_schema"));
      if (!Fields.absent(tool.get("strict"))) {
        // Both APIs mean the same by it: arguments guaranteed to follow the schema.
        function.put("strict", Fields.flag(tool.get("strict"), param + ".strict"));
      }
    }
    if (!out.isEmpty()) { // OpenAI rejects an empty list; it means "no tools" anyway
      openAi.set("tools", out);
    }
  }

  private static void toolChoice(JsonNode choice, ObjectNode openAi)
      throws AnthropicRequestException {
    Fields.object(choice, "tool_choice");
    Fields.onlyKnown(choice, "tool_choice", CHOICE_KEYS);
    String type = Fields.text(choice.get("type"), "tool_choice.type");
    switch (type) {
      case "auto" -> openAi.put("tool_choice", "auto");
      case "any" -> openAi.put("tool_choice", "required");
      case "none" -> openAi.put("tool_choice", "none");
      case "tool" -> openAi.putObject("tool_choice").put("type", "function")
          .putObject("function").put("name", Fields.text(choice.get("name"), "tool_choice.name"));
      default -> throw AnthropicRequestException.invalid("tool_choice.type",
          "\"" + type + "\" (expected: \"auto\", \"any\", \"tool\" or \"none\")");
    }
    if (Fields.flag(choice.get("disable_parallel_tool_use"), "tool_choice.disable_parallel_tool_use")) {
      openAi.put("parallel_tool_calls", false);
    }
  }

  /**
   * OpenAI refuses {@code tool_choice} without tools. Without tools, "auto" and "none" ask for
   * nothing and are left out; "any" and a named tool cannot be satisfied and are refused.
   */
  static void finish(JsonNode request, ObjectNode openAi) throws AnthropicRequestException {
    if (openAi.has("tools") || !openAi.has("tool_choice")) {
      return;
    }
    String type = request.path("tool_choice").path("type").textValue();
    if (!type.equals("auto") && !type.equals("none")) {
      throw AnthropicRequestException.invalid("tool_choice.type",
          "\"" + type + "\" requires at least one tool in tools");
    }
    openAi.remove("tool_choice");
    openAi.remove("parallel_tool_calls");
  }
}
