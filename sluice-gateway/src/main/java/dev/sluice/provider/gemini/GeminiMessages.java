package dev.sluice.provider.gemini;

import static dev.sluice.provider.gemini.GeminiRequests.MAPPER;
import static dev.sluice.provider.gemini.GeminiRequests.unsupported;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.provider.UnsupportedFieldException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * OpenAI {@code messages} to Gemini {@code contents} (roles {@code user} and {@code model}) and
 * {@code systemInstruction}. Gemini has one system instruction, so system and developer
 * messages are gathered into it in order, wherever they stand. Assistant tool calls become
 * {@code functionCall} parts; tool results become {@code functionResponse} parts, which Gemini
 * matches by function name (OpenAI matches by id, so the name is looked up from the call).
 * Consecutive tool results share one content, as Gemini expects the answers to parallel calls.
 */
final class GeminiMessages {
  private static final Set<String> SYSTEM_FIELDS = Set.of("role", "content");
  private static final Set<String> USER_FIELDS = Set.of("role", "content");
  private static final Set<String> ASSISTANT_FIELDS = Set.of("role", "content", "tool_calls", "refusal");
  private static final Set<String> TOOL_FIELDS = Set.of("role", "content", "tool_call_id");

  private GeminiMessages() {}

  /** {@code contents}, and the {@code systemInstruction} or null when there is none. */
  record Translated(ArrayNode contents, ObjectNode systemInstruction) {}

  static Translated translate(JsonNode messages) throws UnsupportedFieldException {
    ArrayNode contents = MAPPER.createArrayNode();
    ArrayNode systemParts = MAPPER.createArrayNode();
    ArrayNode toolResults = null; // parts of the content holding the current run of tool results
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String path = "messages[" + i + "]";
      String role = message.path("role").asText();
      if (!role.equals("tool")) {
        toolResults = null;
      }
      switch (role) {
        case "system", "developer" -> {
          checkFields(message, SYSTEM_FIELDS, path);
          systemParts.addAll(GeminiParts.textOnly(message.path("content"), path + ".content"));
        }
        case "user" -> {
          checkFields(message, USER_FIELDS, path);
          contents.add(content("user", GeminiParts.user(message.path("content"), path + ".content")));
        }
        case "assistant" -> {
          checkFields(message, ASSISTANT_FIELDS, path);
          contents.add(content("model", assistantParts(message, path)));
        }
        case "tool" -> {
          checkFields(message, TOOL_FIELDS, path);
          if (toolResults == null) {
            toolResults = MAPPER.createArrayNode();
            contents.add(content("user", toolResults));
          }
          toolResults.add(functionResponse(messages, i, path));
        }
        default -> throw unsupported(path + ".role", message.path("role"),
            "expected: system, developer, user, assistant or tool");
      }
    }
    ObjectNode system = null;
    if (!systemParts.isEmpty()) {
      system = MAPPER.createObjectNode();
      system.set("parts", systemParts);
    }
    return new Translated(contents, system);
  }

  private static ArrayNode assistantParts(JsonNode message, String path)
      throws UnsupportedFieldException {
    ArrayNode parts = GeminiParts.assistant(message.path("content"), path + ".content");
    JsonNode refusal = message.path("refusal");
    if (refusal.isTextual()) {
      parts.addObject().put("text", refusal.asText()); // what the model said, as it said it
    }
    JsonNode calls = message.path("tool_calls");
    if (!calls.isMissingNode() && !calls.isNull() && !calls.isArray()) {
      throw unsupported(path + ".tool_calls", calls, "expected: an array");
    }
    for (int j = 0; j < calls.size(); j++) {
      JsonNode call = calls.get(j);
      String callPath = path + ".tool_calls[" + j + "]";
      if (!call.path("type").asText("function").equals("function")) {
        throw unsupported(callPath + ".type", call.path("type"), "Gemini calls functions only");
      }
      ObjectNode functionCall = MAPPER.createObjectNode();
      functionCall.put("name", call.path("function").path("name").asText());
      functionCall.set("args", arguments(call.path("function").path("arguments"), callPath));
      ObjectNode part = parts.addObject();
      part.set("functionCall", functionCall);
      String signature = ToolCallIds.thoughtSignature(call.path("id").asText());
      if (signature != null) {
        part.put("thoughtSignature", signature);
      }
    }
    if (parts.isEmpty()) {
      parts.addObject().put("text", ""); // Gemini refuses a content without parts
    }
    return parts;
  }

  /** OpenAI sends arguments as a JSON string; Gemini wants the object itself. */
  private static JsonNode arguments(JsonNode arguments, String path)
      throws UnsupportedFieldException {
    String text = arguments.asText("");
    if (text.isBlank()) {
      return MAPPER.createObjectNode();
    }
    try {
      JsonNode parsed = MAPPER.readTree(text);
      if (parsed != null && parsed.isObject()) {
        return parsed;
      }
    } catch (IOException e) {
      // fall through: not JSON
    }
    throw unsupported(path + ".function.arguments", arguments,
        "expected: a JSON object, which is what Gemini takes as arguments");
  }

  private static ObjectNode functionResponse(JsonNode messages, int i, String path)
      throws UnsupportedFieldException {
    JsonNode message = messages.get(i);
    String id = message.path("tool_call_id").asText();
    ObjectNode response = MAPPER.createObjectNode();
    response.put("name", functionName(messages, i, id, path));
    response.set("response", resultObject(GeminiParts.joinedText(message.path("content"), path + ".content")));
    ObjectNode part = MAPPER.createObjectNode();
    part.set("functionResponse", response);
    return part;
  }

  /**
   * The name of the function whose call has this id, from the nearest earlier assistant message
   * that made it (ids like {@code call_0} may repeat across turns).
   */
  private static String functionName(JsonNode messages, int toolMessage, String id, String path)
      throws UnsupportedFieldException {
    for (int i = toolMessage - 1; i >= 0; i--) {
      JsonNode message = messages.get(i);
      if (message.path("role").asText().equals("assistant")) {
        for (JsonNode call : message.path("tool_calls")) {
          if (call.path("id").asText().equals(id)) {
            return call.path("function").path("name").asText();
          }
        }
      }
    }
    throw new UnsupportedFieldException(path + ".tool_call_id", path + ".tool_call_id: '" + id
        + "' names no earlier assistant tool call (Gemini needs the called function's name)");
  }

  /**
   * Gemini takes a function's result as a JSON object: a result that is one is passed as it is;
   * any other text is wrapped as {@code {"output": text}}, the key Gemini's reference suggests.
   */
  private static JsonNode resultObject(String text) {
    try {
      JsonNode parsed = MAPPER.readTree(text);
      if (parsed != null && parsed.isObject()) {
        return parsed;
      }
    } catch (IOException e) {
      // plain text: wrapped below
    }
    return MAPPER.createObjectNode().put("output", text);
  }

  private static ObjectNode content(String role, ArrayNode parts) {
    ObjectNode content = MAPPER.createObjectNode();
    content.put("role", role);
    content.set("parts", parts);
    return content;
  }

  private static void checkFields(JsonNode message, Set<String> allowed, String path)
      throws UnsupportedFieldException {
    for (Iterator<String> names = message.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name) && !message.get(name).isNull()) {
        String role = message.path("role").asText();
        throw new UnsupportedFieldException(path + "." + name,
            path + "." + name + " is not supported by Gemini backends for " + role + " messages");
      }
    }
  }
}
