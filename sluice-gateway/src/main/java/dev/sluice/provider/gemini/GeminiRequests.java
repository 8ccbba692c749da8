package dev.sluice.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.ClientRequest;
import dev.sluice.provider.UnsupportedFieldException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * An OpenAI Chat Completions body to a Gemini {@code GenerateContentRequest}: messages to
 * {@code contents} and {@code systemInstruction} ({@link GeminiMessages}), tools to
 * {@code functionDeclarations} ({@link GeminiTools}), sampling fields to {@code generationConfig}.
 * Every field is either translated, ignored as a client-side hint (listed below, with why), or
 * refused with {@link UnsupportedFieldException}: nothing that changes the answer or its cost is
 * dropped. The client's body is read into a fresh tree, never changed.
 */
final class GeminiRequests {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private GeminiRequests() {}

  static byte[] translate(ClientRequest request) throws UnsupportedFieldException {
    JsonNode root = readTree(request.body());
    ObjectNode generation = MAPPER.createObjectNode();
    GeminiMessages.Translated messages = null;
    JsonNode tools = null;
    JsonNode toolChoice = null;
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (value.isNull() && !name.equals("messages")) {
        continue; // an explicit null is the field's default, as OpenAI reads it
      }
      switch (name) {
        // The model goes into the path, stream chooses the method, and max tokens were read
        // (with max_completion_tokens taking precedence) when the request arrived.
        case "model", "stream", "max_tokens", "max_completion_tokens" -> { }
        // Client-side hints with no effect on Gemini's answer: include_usage is honoured by the
        // stream translator; user, safety_identifier and metadata label the request for OpenAI's
        // abuse monitoring and dashboards; store and prompt_cache_key steer OpenAI's own storage
        // and cache routing, which Gemini neither has nor needs (its implicit cache is automatic).
        case "stream_options", "user", "safety_identifier", "metadata", "store",
            "prompt_cache_key", "prompt_cache_retention" -> { }
        case "messages" -> messages = GeminiMessages.translate(value);
        case "temperature" -> generation.set("temperature", number(value, name));
        case "top_p" -> generation.set("topP", number(value, name));
        case "presence_penalty" -> generation.set("presencePenalty", number(value, name));
        case "frequency_penalty" -> generation.set("frequencyPenalty", number(value, name));
        case "seed" -> generation.set("seed", integer(value, name));
        case "n" -> generation.set("candidateCount", integer(value, name));
        case "stop" -> stop(value, generation);
        case "response_format" -> responseFormat(value, generation);
        case "reasoning_effort" -> generation.set("thinkingConfig", thinking(value));
        case "tools" -> tools = value;
        case "tool_choice" -> toolChoice = value;
        case "parallel_tool_calls" -> {
          if (!value.asBoolean(true)) {
            throw new UnsupportedFieldException(name,
                "parallel_tool_calls: false cannot be expressed for Gemini, which may always call"
                    + " several functions at once");
          }
        }
        case "service_tier" -> {
          if (!value.asText().equals("auto") && !value.asText().equals("default")) {
            throw unsupported(name, value, "Gemini has no OpenAI service tiers");
          }
        }
        case "logprobs" -> {
          if (value.asBoolean()) {
            throw unsupported(name, value, "log probabilities are not translated from Gemini");
          }
        }
        case "modalities" -> {
          if (value.size() != 1 || !value.path(0).asText().equals("text")) {
            throw unsupported(name, value, "only text output is translated from Gemini");
          }
        }
        case "logit_bias" -> {
          if (!value.isEmpty()) {
            throw unsupported(name, value, "Gemini has no logit bias");
          }
        }
        default -> throw new UnsupportedFieldException(name,
            name + " is not supported by Gemini backends");
      }
    }
    if (request.maxOutputTokens() > 0) {
      generation.put("maxOutputTokens", request.maxOutputTokens());
    }
    ObjectNode out = MAPPER.createObjectNode();
    if (messages != null) {
      out.set("contents", messages.contents());
      if (messages.systemInstruction() != null) {
        out.set("systemInstruction", messages.systemInstruction());
      }
    }
    if (tools != null) {
      out.set("tools", GeminiTools.declarations(tools));
    }
    if (toolChoice != null) {
      out.set("toolConfig", GeminiTools.toolConfig(toolChoice));
    }
    if (!generation.isEmpty()) {
      out.set("generationConfig", generation);
    }
    return write(out);
  }

  private static void stop(JsonNode value, ObjectNode generation) throws UnsupportedFieldException {
    ArrayNode sequences = MAPPER.createArrayNode();
    if (value.isTextual()) {
      sequences.add(value.asText());
    } else if (value.isArray()) {
      for (JsonNode sequence : value) {
        if (!sequence.isTextual()) {
          throw unsupported("stop", value, "expected: a string or an array of strings");
        }
        sequences.add(sequence);
      }
    } else {
      throw unsupported("stop", value, "expected: a string or an array of strings");
    }
    generation.set("stopSequences", sequences);
  }

  /**
   * {@code json_object} is Gemini's JSON mode; {@code json_schema} adds the schema as
   * {@code responseJsonSchema}, which takes JSON Schema as OpenAI clients write it (the older
   * {@code responseSchema} takes an OpenAPI subset that rejects e.g. additionalProperties).
   */
  private static void responseFormat(JsonNode value, ObjectNode generation)
      throws UnsupportedFieldException {
    String type = value.path("type").asText();
    switch (type) {
      case "text" -> { }
      case "json_object" -> generation.put("responseMimeType", "application/json");
      case "json_schema" -> {
        generation.put("responseMimeType", "application/json");
        JsonNode spec = value.path("json_schema");
        JsonNode schema = spec.path("schema");
        if (schema.isObject()) {
          ObjectNode copy = schema.deepCopy();
          // The description guides OpenAI's model; in the schema it guides Gemini's the same way.
          if (spec.path("description").isTextual() && !copy.has("description")) {
            copy.set("description", spec.get("description"));
          }
          generation.set("responseJsonSchema", copy);
        }
        // name and strict: a label, and Gemini always enforces a response schema it is given.
      }
      default -> throw unsupported("response_format.type", value.path("type"),
          "expected: text, json_object or json_schema");
    }
  }

  /**
   * Gemini's thinking budget for OpenAI's reasoning effort, as Google's own OpenAI
   * compatibility layer maps it (none: no thinking; minimal and low: 1024 tokens; medium: 8192;
   * high: 24576). Gemini 3 models still accept a budget in place of a thinking level.
   */
  private static ObjectNode thinking(JsonNode value) throws UnsupportedFieldException {
    int budget = switch (value.asText()) {
      case "none" -> 0;
      case "minimal", "low" -> 1024;
      case "medium" -> 8192;
      case "high" -> 24576;
      default -> throw unsupported("reasoning_effort", value,
          "expected: none, minimal, low, medium or high");
    };
    return MAPPER.createObjectNode().put("thinkingBudget", budget);
  }

  private static JsonNode number(JsonNode value, String param) throws UnsupportedFieldException {
    if (!value.isNumber()) {
      throw unsupported(param, value, "expected: a number");
    }
    return value;
  }

  private static JsonNode integer(JsonNode value, String param) throws UnsupportedFieldException {
    if (!value.isIntegralNumber()) {
      throw unsupported(param, value, "expected: an integer");
    }
    return value;
  }

  static UnsupportedFieldException unsupported(String param, JsonNode value, String why) {
    return new UnsupportedFieldException(param, param + ": " + value + " (" + why + ")");
  }

  static JsonNode readTree(byte[] body) {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      // The body was parsed and validated on arrival; failing here is a defect, not bad input.
      throw new UncheckedIOException(e);
    }
  }

  static byte[] write(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
  }
}
