package dev.sluice.api.anthropic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes Anthropic's stream events, each as {@code event: <type>} plus one {@code data:} line
 * whose JSON {@code type} repeats the event name, as Anthropic sends them.
 */
final class AnthropicEvents {
  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private final ByteArrayOutputStream out;

  AnthropicEvents(ByteArrayOutputStream out) {
    this.out = out;
  }

  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator json) throws IOException;
  }

  /** The message shell: no content yet, usage as known so far (input is often known only at the end). */
  void messageStart(String id, String model, CompletionUsage usage) {
    event("message_start", json -> {
      json.writeObjectFieldStart("message");
      json.writeStringField("id", id);
      json.writeStringField("type", "message");
      json.writeStringField("role", "assistant");
      json.writeStringField("model", model);
      json.writeArrayFieldStart("content");
      json.writeEndArray();
      json.writeNullField("stop_reason");
      json.writeNullField("stop_sequence");
      json.writeObjectFieldStart("usage");
      if (usage == null) {
        json.writeNumberField("input_tokens", 0);
        json.writeNumberField("output_tokens", 0);
      } else {
        usage.writeFields(json);
      }
      json.writeEndObject();
      json.writeEndObject();
    });
  }

  void textBlockStart(int index) {
    event("content_block_start", json -> {
      json.writeNumberField("index", index);
      json.writeObjectFieldStart("content_block");
      json.writeStringField("type", "text");
      json.writeStringField("text", "");
      json.writeEndObject();
    });
  }

  void toolUseBlockStart(int index, String id, String name) {
    event("content_block_start", json -> {
      json.writeNumberField("index", index);
      json.writeObjectFieldStart("content_block");
      json.writeStringField("type", "tool_use");
      json.writeStringField("id", id);
      json.writeStringField("name", name);
      json.writeObjectFieldStart("input"); // filled by the input_json_delta events that follow
      json.writeEndObject();
      json.writeEndObject();
    });
  }

  void textDelta(int index, String text) {
    delta(index, "text_delta", "text", text);
  }

  void inputJsonDelta(int index, String partialJson) {
    delta(index, "input_json_delta", "partial_json", partialJson);
  }

  private void delta(int index, String type, String field, String value) {
    event("content_block_delta", json -> {
      json.writeNumberField("index", index);
      json.writeObjectFieldStart("delta");
      json.writeStringField("type", type);
      json.writeStringField(field, value);
      json.writeEndObject();
    });
  }

  void blockStop(int index) {
    event("content_block_stop", json -> json.writeNumberField("index", index));
  }

  /**
   * The stop reason and the final usage. Anthropic's own {@code message_delta} repeats the input
   * counts too, and its SDKs take them from here: for a backend whose input count arrives only
   * with the last chunk, this is where the client learns it.
   */
  void messageDelta(String stopReason, CompletionUsage usage) {
    event("message_delta", json -> {
      json.writeObjectFieldStart("delta");
      json.writeStringField("stop_reason", stopReason);
      json.writeNullField("stop_sequence");
      json.writeEndObject();
      json.writeObjectFieldStart("usage");
      if (usage == null) {
        json.writeNumberField("output_tokens", 0); // the backend reported nothing
      } else {
        usage.writeFields(json);
      }
      json.writeEndObject();
    });
  }

  void messageStop() {
    event("message_stop", json -> { });
  }

  private void event(String type, Body body) {
    out.writeBytes(("event: " + type + "\ndata: ").getBytes(StandardCharsets.US_ASCII));
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("type", type);
      body.write(json);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory: cannot happen
    }
    out.write('\n');
    out.write('\n');
  }
}
