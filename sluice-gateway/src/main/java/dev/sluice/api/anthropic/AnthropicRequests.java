package dev.sluice.api.anthropic;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

/**
 * Translates an Anthropic Messages request into the OpenAI Chat Completions request the pipeline
 * routes. Every top-level field is either mapped, or known to have no effect on the answer and
 * skipped with a reason below, or refused with a 400 naming it: a field dropped silently is how
 * gateways lose their users' money and trust.
 *
 * <p>Pure: the input bytes are only read, and the same input always gives the same output.
 */
public final class AnthropicRequests {
  /** Shared by the package; like the OpenAI request parser, refuses anything after the object. */
  static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private AnthropicRequests() {}

  /** The OpenAI Chat Completions body (UTF-8 JSON) for an Anthropic Messages body. */
  public static byte[] toOpenAi(byte[] anthropicBody) throws AnthropicRequestException {
    JsonNode request = parse(anthropicBody);
    ObjectNode openAi = JSON.createObjectNode();
    openAi.put("model", model(request.get("model")));
    ArrayNode messages = openAi.putArray("messages");
    AnthropicMessages.system(request.get("system"), messages);
    AnthropicMessages.conversation(request.get("messages"), messages);
    openAi.put("max_tokens", maxTokens(request.get("max_tokens")));
    for (Map.Entry<String, JsonNode> field : request.properties()) {
      if (!Fields.absent(field.getValue())) {
        optional(field.getKey(), field.getValue(), openAi);
      }
    }
    AnthropicTools.finish(request, openAi);
    try {
      return JSON.writeValueAsBytes(openAi);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory tree: cannot happen
    }
  }

  private static JsonNode parse(byte[] body) throws AnthropicRequestException {
    JsonNode request;
    try {
      request = JSON.readTree(body);
    } catch (JacksonException e) {
      throw new AnthropicRequestException("invalid_json", null,
          "We could not parse the JSON body of your request (" + e.getOriginalMessage() + ").");
    } catch (IOException e) {
      // Not only syntax: bytes that look like UTF-32 but are cut short fail in the decoder
      // (CharConversionException), before the parser sees a token. Found by fuzzing.
      throw new AnthropicRequestException("invalid_json", null,
          "We could not parse the JSON body of your request (" + e.getMessage() + ").");
    }
    if (request == null || !request.isObject()) {
      throw new AnthropicRequestException("invalid_json", null,
          "The request body must be a JSON object.");
    }
    return request;
  }

  private static String model(JsonNode value) throws AnthropicRequestException {
    if (Fields.absent(value) || (value.isTextual() && value.textValue().isEmpty())) {
      throw new AnthropicRequestException("missing_model", "model", "Field required");
    }
    return Fields.text(value, "model");
  }

  /** Required by Anthropic, so required here: the answer's length and cost depend on it. */
  private static long maxTokens(JsonNode value) throws AnthropicRequestException {
    if (Fields.absent(value)) {
      throw AnthropicRequestException.missing("max_tokens");
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw AnthropicRequestException.wrongType("max_tokens", "an integer");
    }
    long n = value.longValue();
    if (n < 1) {
      // Anthropic's max_tokens: 0 pre-warms its prompt cache without answering; nothing else can.
      throw AnthropicRequestException.invalid("max_tokens", n + " (expected: >= 1)");
    }
    return n;
  }

  /** One top-level field other than the four required ones, never null. */
  private static void optional(String name, JsonNode value, ObjectNode openAi)
      throws AnthropicRequestException {
    switch (name) {
      case "model", "system", "messages", "max_tokens" -> { } // translated first
      case "tools", "tool_choice" -> AnthropicTools.translate(name, value, openAi);
      case "stream" -> {
        if (Fields.flag(value, "stream")) {
          openAi.put("stream", true);
          // Anthropic streams always end with usage; an OpenAI stream does only when asked.
          openAi.putObject("stream_options").put("include_usage", true);
        }
      }
      case "temperature", "top_p" -> {
        if (!value.isNumber()) {
          throw AnthropicRequestException.wrongType(name, "a number");
        }
        openAi.set(name, value); // the number node as sent: no float rounding
      }
      case "stop_sequences" -> stopSequences(value, openAi);
      case "metadata" -> metadata(value, openAi);
      // Prompt-caching markers change only what Anthropic itself charges for a prompt prefix;
      // other backends cache by prefix on their own or not at all, the answer is the same.
      case "cache_control" -> { }
      case "thinking" -> thinking(value);
      case "service_tier" -> {
        // "auto" is Anthropic's default, so it asks for nothing; "standard_only" restricts
        // capacity in a way no OpenAI-shaped backend can be told.
        if (!"auto".equals(value.textValue())) {
          throw AnthropicRequestException.unsupported("service_tier",
              "only \"auto\" (the default) can be served by Sluice");
        }
      }
      case "output_config" -> AnthropicOutputConfig.translate(value, openAi);
      case "top_k" -> throw AnthropicRequestException.unsupported("top_k",
          "OpenAI Chat Completions has no top_k, so Sluice cannot pass it to its backends");
      default -> throw AnthropicRequestException.unsupported(name,
          "Sluice cannot translate this field to the OpenAI request it routes");
    }
  }

  private static void stopSequences(JsonNode value, ObjectNode openAi)
      throws AnthropicRequestException {
    Fields.array(value, "stop_sequences");
    ArrayNode stop = JSON.createArrayNode();
    for (int i = 0; i < value.size(); i++) {
      stop.add(Fields.text(value.get(i), "stop_sequences." + i));
    }
    if (!stop.isEmpty()) { // OpenAI rejects an empty list; it means "no stop sequences" anyway
      openAi.set("stop", stop);
    }
  }

  private static void metadata(JsonNode value, ObjectNode openAi)
      throws AnthropicRequestException {
    Fields.object(value, "metadata");
    Fields.onlyKnown(value, "metadata", Set.of("user_id"));
    JsonNode userId = value.get("user_id");
    if (!Fields.absent(userId)) {
      openAi.put("user", Fields.text(userId, "metadata.user_id"));
    }
  }

  /** Extended thinking has no OpenAI request field; only the explicit default is accepted. */
  private static void thinking(JsonNode value) throws AnthropicRequestException {
    Fields.object(value, "thinking");
    if (!"disabled".equals(value.path("type").textValue())) {
      throw AnthropicRequestException.unsupported("thinking",
          "extended thinking cannot be requested through the OpenAI API Sluice routes;"
              + " only {\"type\": \"disabled\"} is accepted");
    }
  }
}
