package dev.sluice.provider.gemini;

import static dev.sluice.provider.gemini.GeminiRequests.MAPPER;
import static dev.sluice.provider.gemini.GeminiRequests.unsupported;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.provider.UnsupportedFieldException;

/**
 * OpenAI {@code tools} and {@code tool_choice} to Gemini {@code tools[].functionDeclarations}
 * and {@code toolConfig.functionCallingConfig}. Parameters go in {@code parametersJsonSchema},
 * which takes JSON Schema as OpenAI clients write it; the older {@code parameters} field takes an
 * OpenAPI subset that would reject common schemas. A tool's {@code strict} flag is accepted:
 * Gemini always returns arguments as a JSON object, and has no per-tool switch for more.
 */
final class GeminiTools {
  private GeminiTools() {}

  static ArrayNode declarations(JsonNode tools) throws UnsupportedFieldException {
    if (!tools.isArray()) {
      throw unsupported("tools", tools, "expected: an array");
    }
    ArrayNode declarations = MAPPER.createArrayNode();
    for (int i = 0; i < tools.size(); i++) {
      JsonNode tool = tools.get(i);
      if (!tool.path("type").asText().equals("function")) {
        throw unsupported("tools[" + i + "].type", tool.path("type"), "Gemini calls functions only");
      }
      JsonNode function = tool.path("function");
      ObjectNode declaration = declarations.addObject();
      declaration.put("name", function.path("name").asText());
      if (function.path("description").isTextual()) {
        declaration.set("description", function.get("description"));
      }
      if (function.path("parameters").isObject()) {
        declaration.set("parametersJsonSchema", function.get("parameters"));
      }
    }
    ArrayNode wrapped = MAPPER.createArrayNode();
    wrapped.addObject().set("functionDeclarations", declarations);
    return wrapped;
  }

  /**
   * none → NONE, auto → AUTO, required → ANY; a named function → ANY restricted to that name;
   * {@code allowed_tools} in required mode → ANY restricted to those names. In auto mode an
   * allowed-tools list has no Gemini form (names can only be restricted under ANY).
   */
  static ObjectNode toolConfig(JsonNode choice) throws UnsupportedFieldException {
    ObjectNode config = MAPPER.createObjectNode();
    if (choice.isTextual()) {
      config.put("mode", switch (choice.asText()) {
        case "none" -> "NONE";
        case "auto" -> "AUTO";
        case "required" -> "ANY";
        default -> throw unsupported("tool_choice", choice, "expected: none, auto or required");
      });
    } else {
      String type = choice.path("type").asText();
      ArrayNode names = MAPPER.createArrayNode();
      if (type.equals("function")) {
        names.add(choice.path("function").path("name").asText());
      } else if (type.equals("allowed_tools")
          && choice.path("allowed_tools").path("mode").asText().equals("required")) {
        for (JsonNode tool : choice.path("allowed_tools").path("tools")) {
          names.add(tool.path("function").path("name").asText());
        }
      } else {
        throw unsupported("tool_choice", choice,
            "expected: none, auto, required, a function, or allowed_tools in required mode");
      }
      config.put("mode", "ANY");
      config.set("allowedFunctionNames", names);
    }
    ObjectNode toolConfig = MAPPER.createObjectNode();
    toolConfig.set("functionCallingConfig", config);
    return toolConfig;
  }
}
