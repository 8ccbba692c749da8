package dev.sluice.api.anthropic;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Translates an OpenAI {@code chat.completion} into an Anthropic {@code message}: the text as a
 * {@code text} block, each tool call as a {@code tool_use} block whose {@code input} is the
 * parsed arguments object, the finish reason as a {@code stop_reason}, and the usage with cache
 * reads apart (see {@link CompletionUsage}). Only the first choice is read: an Anthropic request
 * cannot ask for more than one.
 */
public final class AnthropicResponses {
  private static final ObjectMapper JSON = AnthropicRequests.JSON;

  private AnthropicResponses() {}

  /** The Anthropic message body (UTF-8 JSON) for an OpenAI chat completion body. */
  public static byte[] fromOpenAi(byte[] chatCompletion) throws AnthropicTranslationException {
    JsonNode completion = read(chatCompletion);
    JsonNode choice = completion.path("choices").path(0);
    if (!choice.isObject()) {
      throw new AnthropicTranslationException("the backend's chat completion has no choices");
    }
    JsonNode message = choice.path("message");
    String refusal = message.path("refusal").textValue();
    boolean refused = refusal != null && !refusal.isEmpty();
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("id", Answers.messageId(completion.path("id").textValue()));
      json.writeStringField("type", "message");
      json.writeStringField("role", "assistant");
      json.writeStringField("model", completion.path("model").asText(""));
      json.writeArrayFieldStart("content");
      writeText(json, text(message.get("content")));
      if (refused) {
        writeText(json, refusal); // what the backend said instead of answering
      }
      for (JsonNode call : message.path("tool_calls")) {
        writeToolUse(json, call);
      }
      json.writeEndArray();
      json.writeStringField("stop_reason",
          Answers.stopReason(choice.path("finish_reason").textValue(), refused));
      json.writeNullField("stop_sequence");
      json.writeObjectFieldStart("usage");
      CompletionUsage.of(completion.get("usage")).writeFields(json);
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory: cannot happen
    }
    return out.toByteArray();
  }

  private static JsonNode read(byte[] body) throws AnthropicTranslationException {
    try {
      JsonNode node = JSON.readTree(body);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (IOException e) {
      // reported below, with what we expected
    }
    throw new AnthropicTranslationException("the backend's chat completion is not a JSON object");
  }

  /** OpenAI content: a string, null, or (from some compatible backends) text parts. */
  private static String text(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.textValue();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      text.append(part.path("text").asText(""));
    }
    return text.toString();
  }

  private static void writeText(JsonGenerator json, String text) throws IOException {
    if (text.isEmpty()) {
      return; // Anthropic answers with no text block rather than an empty one
    }
    json.writeStartObject();
    json.writeStringField("type", "text");
    json.writeStringField("text", text);
    json.writeEndObject();
  }

  private static void writeToolUse(JsonGenerator json, JsonNode call)
      throws IOException, AnthropicTranslationException {
    JsonNode function = call.path("function");
    String id = call.path("id").textValue();
    String name = function.path("name").textValue();
    if (id == null || name == null) {
      throw new AnthropicTranslationException("a tool call from the backend has no id or name");
    }
    json.writeStartObject();
    json.writeStringField("type", "tool_use");
    json.writeStringField("id", id);
    json.writeStringField("name", name);
    json.writeFieldName("input");
    json.writeTree(arguments(id, function.path("arguments").asText("")));
    json.writeEndObject();
  }

  /**
   * OpenAI's arguments string as the object Anthropic clients expect. A model can emit broken
   * JSON; handing the client anything but an object would break its tool dispatch further on,
   * so that fails here, naming the call.
   */
  static JsonNode arguments(String id, String arguments) throws AnthropicTranslationException {
    if (arguments.isBlank()) {
      return JSON.createObjectNode(); // a call without arguments
    }
    try {
      JsonNode input = JSON.readTree(arguments);
      if (input != null && input.isObject()) {
        return input;
      }
    } catch (JacksonException e) {
      // reported below
    }
    throw new AnthropicTranslationException(
        "tool call " + id + ": the backend's arguments are not a JSON object");
  }
}
