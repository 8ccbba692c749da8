package dev.sluice.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.provider.UnsupportedFieldException;

/**
 * OpenAI {@code tools}, {@code tool_choice} and {@code parallel_tool_calls} as Converse's
 * {@code toolConfig}: each function becomes a {@code toolSpec} with its JSON schema under
 * {@code inputSchema.json}; {@code auto}, {@code required} and a named function become
 * {@code auto}, {@code any} and {@code tool}.
 *
 * @see <a href="https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolConfiguration.html">ToolConfiguration</a>
 */
final class ConverseTools {
  private ConverseTools() {}

  static void translate(JsonNode tools, JsonNode toolChoice, JsonNode parallelToolCalls,
      ObjectNode converse) throws UnsupportedFieldException {
    if (parallelToolCalls != null && !parallelToolCalls.asBoolean(true)) {
      throw new UnsupportedFieldException("parallel_tool_calls",
          "parallel_tool_calls: false (Bedrock Converse cannot forbid parallel tool calls)");
    }
    if (tools == null || tools.isEmpty()) {
      if (toolChoice != null && !"none".equals(toolChoice.asText())) {
        throw new UnsupportedFieldException("tool_choice", "tool_choice: " + toolChoice
            + " without tools");
      }
      return;
    }
    if (!tools.isArray()) {
      throw new UnsupportedFieldException("tools", "tools: " + tools + " (expected: an array)");
    }
    if (toolChoice != null && "none".equals(toolChoice.asText())) {
      none(converse);
      return;
    }
    ObjectNode config = converse.putObject("toolConfig");
    ArrayNode specs = config.putArray("tools");
    for (int i = 0; i < tools.size(); i++) {
      specs.addObject().set("toolSpec", toolSpec(tools.get(i), i));
    }
    if (toolChoice != null) {
      config.set("toolChoice", choice(toolChoice));
    }
  }

  private static ObjectNode toolSpec(JsonNode tool, int i) throws UnsupportedFieldException {
    String type = tool.path("type").asText("");
    if (!type.equals("function")) {
      throw new UnsupportedFieldException("tools[" + i + "].type", "tools[" + i + "].type: '"
          + type + "' (Bedrock Converse takes function tools only)");
    }
    JsonNode function = tool.path("function");
    if (!function.path("name").isTextual()) {
      throw new UnsupportedFieldException("tools[" + i + "].function.name",
          "tools[" + i + "].function.name: missing");
    }
    ObjectNode spec = Json.MAPPER.createObjectNode();
    spec.put("name", function.get("name").asText());
    if (function.path("description").isTextual()) {
      spec.put("description", function.get("description").asText());
    }
    JsonNode parameters = function.path("parameters");
    // OpenAI allows a function without parameters; Converse requires a schema: the empty object.
    spec.putObject("inputSchema").set("json", parameters.isObject()
        ? parameters
        : Json.MAPPER.createObjectNode().put("type", "object").set("properties",
            Json.MAPPER.createObjectNode()));
    if (function.path("strict").isBoolean()) {
      spec.put("strict", function.get("strict").asBoolean());
    }
    return spec;
  }

  private static ObjectNode choice(JsonNode toolChoice) throws UnsupportedFieldException {
    ObjectNode choice = Json.MAPPER.createObjectNode();
    if (toolChoice.isTextual()) {
      switch (toolChoice.asText()) {
        case "auto" -> choice.putObject("auto");
        case "required" -> choice.putObject("any");
        default -> throw new UnsupportedFieldException("tool_choice",
            "tool_choice: " + toolChoice + " (expected: none, auto, required or a function)");
      }
      return choice;
    }
    JsonNode name = toolChoice.path("function").path("name");
    if (!"function".equals(toolChoice.path("type").asText()) || !name.isTextual()) {
      throw new UnsupportedFieldException("tool_choice",
          "tool_choice: " + toolChoice + " (expected: none, auto, required or a function)");
    }
    choice.putObject("tool").put("name", name.asText());
    return choice;
  }

  /**
   * Converse has no "none". Sent without tools, the model cannot call one, which is what
   * {@code none} asks; but a conversation that already holds tool calls or results needs the
   * toolConfig, and with it the model could call again: that is refused.
   */
  private static void none(ObjectNode converse) throws UnsupportedFieldException {
    for (JsonNode message : converse.path("messages")) {
      for (JsonNode block : message.path("content")) {
        if (block.has("toolUse") || block.has("toolResult")) {
          throw new UnsupportedFieldException("tool_choice", "tool_choice: \"none\" (Bedrock "
              + "Converse has no 'none', and this conversation's tool calls need the tools)");
        }
      }
    }
  }
}
