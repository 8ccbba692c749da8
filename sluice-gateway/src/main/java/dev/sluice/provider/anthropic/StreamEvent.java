package dev.sluice.provider.anthropic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.provider.ProviderException;
import java.io.IOException;

/**
 * One event of Anthropic's stream, read from its {@code data:} JSON. The fields of the
 * frequent {@code content_block_delta} are read with the streaming parser, no tree built; the
 * nested objects of the rare events ({@code message}, {@code content_block}, {@code usage},
 * {@code error}) become trees. The event's name is its {@code type} field, which Anthropic
 * repeats in the data, so the {@code event:} line is not needed.
 *
 * @param deltaType {@code delta.type}: text_delta, input_json_delta, ...
 * @param text {@code delta.text} or {@code delta.partial_json}
 * @param stopReason {@code delta.stop_reason} of a message_delta
 * @param object {@code message}, {@code content_block} or {@code error}, whichever it has
 */
record StreamEvent(String type, int index, String deltaType, String text, String stopReason,
    JsonNode usage, JsonNode object) {

  static StreamEvent read(String data) throws ProviderException {
    try (JsonParser json = Json.MAPPER.createParser(data)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new ProviderException("a stream event from the provider is not a JSON object");
      }
      String type = null;
      int index = -1;
      String deltaType = null;
      String text = null;
      String stopReason = null;
      JsonNode usage = null;
      JsonNode object = null;
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        switch (field) {
          case "type" -> type = json.getValueAsString();
          case "index" -> index = json.getValueAsInt(-1);
          case "usage" -> usage = json.readValueAsTree();
          case "message", "content_block", "error" -> object = json.readValueAsTree();
          case "delta" -> {
            if (value != JsonToken.START_OBJECT) {
              json.skipChildren();
              continue;
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
              String name = json.currentName();
              json.nextToken();
              switch (name) {
                case "type" -> deltaType = json.getValueAsString();
                case "text", "partial_json" -> text = json.getValueAsString();
                case "stop_reason" -> stopReason = json.getValueAsString();
                default -> json.skipChildren();
              }
            }
          }
          default -> json.skipChildren();
        }
      }
      if (type == null) {
        throw new ProviderException("a stream event from the provider has no type");
      }
      return new StreamEvent(type, index, deltaType, text, stopReason, usage, object);
    } catch (IOException e) {
      throw new ProviderException("malformed JSON in a stream event from the provider");
    }
  }
}
