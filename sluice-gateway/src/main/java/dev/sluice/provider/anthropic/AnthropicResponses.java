package dev.sluice.provider.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.provider.ProviderException;
import dev.sluice.provider.TranslatedResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole Anthropic message to an OpenAI {@code chat.completion}: text blocks joined into
 * {@code content}, {@code tool_use} blocks as {@code tool_calls} with their input serialized to
 * the JSON string OpenAI clients parse, and the usage normalised as {@link AnthropicUsage} says.
 */
final class AnthropicResponses {
  private AnthropicResponses() {}

  static TranslatedResponse translate(byte[] body, long created) throws ProviderException {
    JsonNode message = Json.parse(body, "answer");
    if (!"message".equals(Json.text(message, "type"))) {
      throw new ProviderException("the provider's answer is not a message (type: "
          + Json.text(message, "type") + ")");
    }
    StringBuilder text = null;
    List<JsonNode> toolUses = new ArrayList<>();
    for (JsonNode block : message.path("content")) {
      String type = Json.text(block, "type");
      if ("text".equals(type)) {
        text = (text == null ? new StringBuilder() : text).append(block.path("text").asText());
      } else if ("tool_use".equals(type)) {
        toolUses.add(block);
      } else if (!Content.skipped(type)) {
        throw Content.unexpected(type);
      }
    }
    AnthropicUsage usage = AnthropicUsage.read(message.get("usage"));
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + body.length);
    try (JsonGenerator json = Json.generator(out)) {
      json.writeStartObject();
      json.writeStringField("id", Json.text(message, "id"));
      json.writeStringField("object", "chat.completion");
      json.writeNumberField("created", created);
      json.writeStringField("model", Json.text(message, "model"));
      json.writeArrayFieldStart("choices");
      json.writeStartObject();
      json.writeNumberField("index", 0);
      json.writeObjectFieldStart("message");
      json.writeStringField("role", "assistant");
      // OpenAI sends null content beside tool calls, and "" for an empty answer.
      json.writeStringField("content", text != null ? text.toString() : toolUses.isEmpty() ? "" : null);
      json.writeNullField("refusal");
      if (!toolUses.isEmpty()) {
        json.writeArrayFieldStart("tool_calls");
        for (JsonNode use : toolUses) {
          json.writeStartObject();
          json.writeStringField("id", Json.text(use, "id"));
          json.writeStringField("type", "function");
          json.writeObjectFieldStart("function");
          json.writeStringField("name", Json.text(use, "name"));
          json.writeStringField("arguments", Json.MAPPER.writeValueAsString(use.path("input")));
          json.writeEndObject();
          json.writeEndObject();
        }
        json.writeEndArray();
      }
      json.writeEndObject();
      json.writeNullField("logprobs");
      json.writeStringField("finish_reason", FinishReasons.of(Json.text(message, "stop_reason")));
      json.writeEndObject();
      json.writeEndArray();
      usage.writeOpenAi(json);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory
    }
    return new TranslatedResponse(out.toByteArray(), usage.tokenUsage());
  }
}
