package dev.sluice.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.ClientRequest;
import dev.sluice.provider.UnsupportedFieldException;
import java.util.Iterator;
import java.util.Map;

/**
 * An OpenAI Chat Completions request as a Bedrock Converse (or ConverseStream) body. Every
 * top-level field is either translated, refused with {@link UnsupportedFieldException}, or —
 * for the few that cannot change the answer or its cost on Bedrock — ignored with a reason
 * below. Unknown fields are refused: OpenAI itself rejects them, and a field we do not know is
 * a field we would drop.
 *
 * @see <a href="https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html">Converse</a>
 */
final class ConverseRequest {
  private ConverseRequest() {}

  static ObjectNode translate(ClientRequest request, JsonNode body)
      throws UnsupportedFieldException {
    ObjectNode converse = Json.MAPPER.createObjectNode();
    ObjectNode inference = Json.MAPPER.createObjectNode();
    JsonNode tools = null;
    JsonNode toolChoice = null;
    JsonNode parallelToolCalls = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (value.isNull()) {
        continue; // an explicit null is OpenAI's "not given"
      }
      switch (name) {
        // The model is in the path; stream picks the operation; stream_options only asks for
        // the usage chunk, which Sluice writes itself from Bedrock's metadata event.
        case "model", "messages", "stream", "stream_options" -> { }
        // Chosen by request.maxOutputTokens(), which reads both and knows which one wins.
        case "max_tokens", "max_completion_tokens" -> { }
        case "temperature" -> inference.set("temperature", number(name, value));
        case "top_p" -> inference.set("topP", number(name, value));
        case "stop" -> inference.set("stopSequences", stopSequences(value));
        case "n" -> requireDefault(name, value, value.isIntegralNumber() && value.asInt() == 1,
            "Bedrock Converse returns one choice");
        case "frequency_penalty", "presence_penalty" -> requireDefault(name, value,
            value.isNumber() && value.asDouble() == 0, "Bedrock Converse has no penalties");
        case "logprobs" -> requireDefault(name, value, value.isBoolean() && !value.asBoolean(),
            "Bedrock Converse returns no log probabilities");
        case "logit_bias" -> requireDefault(name, value, value.isObject() && value.isEmpty(),
            "Bedrock Converse has no logit bias");
        case "modalities" -> requireDefault(name, value,
            value.isArray() && value.size() == 1 && "text".equals(value.get(0).asText()),
            "Bedrock Converse answers in text only");
        case "top_logprobs", "seed", "audio", "prediction", "web_search_options",
            "reasoning_effort", "verbosity", "functions", "function_call" ->
            throw new UnsupportedFieldException(name,
                name + ": not supported by Bedrock Converse (the field would be dropped)");
        case "tools" -> tools = value;
        case "tool_choice" -> toolChoice = value;
        case "parallel_tool_calls" -> parallelToolCalls = value;
        case "response_format" -> ResponseFormat.translate(value, converse);
        case "service_tier" -> serviceTier(value, converse);
        // Bedrock's requestMetadata is the same idea (string pairs for invocation logs).
        case "metadata" -> converse.set("requestMetadata", metadata(value));
        // OpenAI-side hints with no effect on the answer or its cost on Bedrock: end-user ids
        // for OpenAI's abuse monitoring, OpenAI's own prompt-cache routing and retention, and
        // storing the completion in OpenAI's dashboard.
        case "user", "safety_identifier", "prompt_cache_key", "prompt_cache_retention", "store" -> { }
        default -> throw new UnsupportedFieldException(name,
            name + ": unknown field; not sent to Bedrock Converse");
      }
    }
    ConverseMessages.translate(body.path("messages"), converse);
    if (request.maxOutputTokens() > 0) {
      inference.put("maxTokens", request.maxOutputTokens());
    }
    if (!inference.isEmpty()) {
      converse.set("inferenceConfig", inference);
    }
    ConverseTools.translate(tools, toolChoice, parallelToolCalls, converse);
    return converse;
  }

  private static JsonNode number(String name, JsonNode value) throws UnsupportedFieldException {
    if (!value.isNumber()) {
      throw new UnsupportedFieldException(name, name + ": " + value + " (expected: a number)");
    }
    return value;
  }

  private static JsonNode stopSequences(JsonNode stop) throws UnsupportedFieldException {
    if (stop.isTextual()) {
      return Json.MAPPER.createArrayNode().add(stop.asText());
    }
    if (stop.isArray()) {
      for (JsonNode sequence : stop) {
        if (!sequence.isTextual()) {
          throw new UnsupportedFieldException("stop", "stop: " + stop + " (expected: strings)");
        }
      }
      return stop;
    }
    throw new UnsupportedFieldException("stop", "stop: " + stop + " (expected: a string or an array)");
  }

  /** Accepts a field only when it has the value that changes nothing. */
  private static void requireDefault(String name, JsonNode value, boolean isDefault, String why)
      throws UnsupportedFieldException {
    if (!isDefault) {
      throw new UnsupportedFieldException(name, name + ": " + value + " (" + why + ")");
    }
  }

  /** auto is Bedrock's default; default, flex and priority are its tiers of the same names. */
  private static void serviceTier(JsonNode value, ObjectNode converse)
      throws UnsupportedFieldException {
    String tier = value.asText();
    switch (tier) {
      case "auto" -> { }
      case "default", "flex", "priority" -> converse.putObject("serviceTier").put("type", tier);
      default -> throw new UnsupportedFieldException("service_tier", "service_tier: " + value
          + " (expected: auto, default, flex or priority on Bedrock)");
    }
  }

  private static JsonNode metadata(JsonNode value) throws UnsupportedFieldException {
    if (!value.isObject()) {
      throw new UnsupportedFieldException("metadata", "metadata: " + value + " (expected: an object)");
    }
    for (JsonNode entry : value) {
      if (!entry.isTextual()) {
        throw new UnsupportedFieldException("metadata",
            "metadata: " + value + " (expected: string values)");
      }
    }
    return value;
  }
}
