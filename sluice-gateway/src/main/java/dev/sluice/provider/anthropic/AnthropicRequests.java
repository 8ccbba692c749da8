package dev.sluice.provider.anthropic;

import static dev.sluice.provider.anthropic.Fields.refuse;
import static dev.sluice.provider.anthropic.Fields.unsupported;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.ClientRequest;
import dev.sluice.provider.UnsupportedFieldException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

/**
 * Builds the Messages API body for an OpenAI Chat Completions request. Every top-level field is
 * translated, or checked to hold a value that changes nothing ({@code n: 1},
 * {@code presence_penalty: 0}), or ignored for a reason given below, or refused. A field not
 * named here is refused too: nothing the client asked for is dropped silently.
 */
final class AnthropicRequests {
  /**
   * {@code max_tokens} when the client gave none: Anthropic requires it, OpenAI does not. 4096
   * is the largest output every Claude model accepts (Claude 3 Haiku's ceiling), so the default
   * is never itself the cause of a 400; a client that wants longer answers says so.
   */
  static final long DEFAULT_MAX_TOKENS = 4096;

  private static final Set<String> TEXT_ONLY = Set.of("text");

  private AnthropicRequests() {}

  static byte[] body(ClientRequest request, String model) throws UnsupportedFieldException {
    JsonNode in = parse(request.body());
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("model", model);
    out.put("max_tokens", request.maxOutputTokens() > 0 ? request.maxOutputTokens() : DEFAULT_MAX_TOKENS);
    AnthropicMessages.translate(in.path("messages"), out);
    String userId = null;
    for (Map.Entry<String, JsonNode> field : in.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (value.isNull()) {
        continue; // OpenAI reads null as "the default"
      }
      switch (name) {
        // Read above or by the request parser (max tokens: ClientRequest.maxOutputTokens()).
        case "model", "messages", "max_tokens", "max_completion_tokens", "stream" -> { }
        case "tools", "tool_choice", "parallel_tool_calls" -> { } // AnthropicTools, below
        // How Sluice reports usage to this client; the stream translator honours it.
        case "stream_options" -> { }
        // OpenAI-side storage and its dashboard labels, and a routing hint for OpenAI's own
        // prompt cache: none changes the answer, and Anthropic has nothing they could act on.
        case "store", "metadata", "prompt_cache_key" -> { }
        case "temperature" -> out.set("temperature", temperature(value));
        case "top_p" -> out.set("top_p", Fields.number(value, "top_p", 0, 1));
        case "stop" -> stopSequences(value, out);
        case "user", "safety_identifier" -> {
          // Both identify the end user for abuse detection, as Anthropic's metadata.user_id does;
          // safety_identifier is OpenAI's newer name and wins when both are given.
          if (userId == null || name.equals("safety_identifier")) {
            userId = Fields.string(value, name);
          }
        }
        case "n" -> requireValue(name, value, 1, "Anthropic returns one choice per request");
        case "presence_penalty", "frequency_penalty" ->
            requireValue(name, value, 0, "Anthropic has no repetition penalties");
        case "top_logprobs" -> requireValue(name, value, 0, "Anthropic reports no log probabilities");
        case "logprobs" -> {
          if (!value.isBoolean() || value.asBoolean()) {
            throw refuse(name, value + " (expected: false; Anthropic reports no log probabilities)");
          }
        }
        case "logit_bias" -> {
          if (!value.isObject() || !value.isEmpty()) {
            throw refuse(name, "not supported by Anthropic backends, which cannot bias tokens");
          }
        }
        case "seed" -> throw refuse(name, "not supported by Anthropic backends, which cannot seed sampling");
        case "response_format" -> responseFormat(value, out);
        case "service_tier" -> out.put("service_tier", serviceTier(value));
        case "reasoning_effort" -> {
          // "none" is what a Claude request without extended thinking does already.
          if (!value.asText().equals("none")) {
            throw refuse(name, value + " (expected: none; Anthropic's extended thinking takes a "
                + "token budget, not an effort level)");
          }
        }
        case "modalities" -> {
          if (!value.isArray()) {
            throw refuse(name, "expected an array");
          }
          for (JsonNode modality : value) {
            if (!TEXT_ONLY.contains(modality.asText())) {
              throw refuse(name, value + " (expected: [\"text\"]; Anthropic answers in text only)");
            }
          }
        }
        default -> throw unsupported(name);
      }
    }
    AnthropicTools.translate(in, out);
    if (userId != null) {
      out.putObject("metadata").put("user_id", userId);
    }
    if (request.stream()) {
      out.put("stream", true);
    }
    try {
      return Json.MAPPER.writeValueAsBytes(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a tree we built always serializes
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (IOException e) {
      // The body was parsed and validated on arrival; failing here is a defect, not bad input.
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode temperature(JsonNode value) throws UnsupportedFieldException {
    if (value.isNumber() && value.asDouble() > 1 && value.asDouble() <= 2) {
      // OpenAI's scale runs to 2, Anthropic's to 1: rescaling would change what the client chose.
      throw refuse("temperature", value + " (expected: 0-1 on Anthropic, whose scale ends at 1)");
    }
    return Fields.number(value, "temperature", 0, 1);
  }

  private static void stopSequences(JsonNode value, ObjectNode out) throws UnsupportedFieldException {
    ArrayNode sequences = Json.MAPPER.createArrayNode();
    if (value.isTextual()) {
      sequences.add(value.asText());
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        sequences.add(Fields.string(value.get(i), "stop[" + i + "]"));
      }
    } else {
      throw refuse("stop", "expected a string or an array of strings");
    }
    if (!sequences.isEmpty()) {
      out.set("stop_sequences", sequences);
    }
  }

  private static void requireValue(String name, JsonNode value, int expected, String why)
      throws UnsupportedFieldException {
    if (!value.isNumber() || value.asDouble() != expected) {
      throw refuse(name, value + " (expected: " + expected + "; " + why + ")");
    }
  }

  /**
   * {@code json_schema} becomes Anthropic's structured output ({@code output_config.format}),
   * which constrains decoding as OpenAI's strict mode does. Anthropic has no "any JSON object"
   * mode, so {@code json_object} is refused rather than approximated with a prompt.
   */
  private static void responseFormat(JsonNode value, ObjectNode out) throws UnsupportedFieldException {
    Fields.object(value, "response_format");
    String type = Fields.string(value.get("type"), "response_format.type");
    switch (type) {
      case "text" -> { }
      case "json_schema" -> {
        JsonNode format = Fields.object(value.get("json_schema"), "response_format.json_schema");
        // The name only labels the schema; a description would steer the model, and Anthropic
        // has no place for one.
        Fields.only(format, "response_format.json_schema", Set.of("name", "schema", "strict"));
        JsonNode schema = Fields.object(format.get("schema"), "response_format.json_schema.schema");
        ObjectNode target = out.putObject("output_config").putObject("format");
        target.put("type", "json_schema");
        target.set("schema", schema);
      }
      default -> throw refuse("response_format.type", "\"" + type + "\" (expected: text or "
          + "json_schema; Anthropic has no schema-less JSON mode)");
    }
  }

  /**
   * OpenAI's {@code auto} and Anthropic's both let the provider use priority capacity when the
   * account has it; OpenAI's {@code default} (standard capacity and price) is Anthropic's
   * {@code standard_only}. OpenAI's flex and priority tiers have their own prices and no
   * Anthropic counterpart.
   */
  private static String serviceTier(JsonNode value) throws UnsupportedFieldException {
    return switch (value.asText()) {
      case "auto" -> "auto";
      case "default" -> "standard_only";
      default -> throw refuse("service_tier", value + " (expected: auto or default)");
    };
  }
}
