package dev.sluice.provider.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes OpenAI {@code chat.completion.chunk} events, {@code data: {...}\n\n}, for one stream:
 * every chunk carries the stream's id, creation time and model, as OpenAI's do.
 */
final class ChunkWriter {
  private static final byte[] DATA = {'d', 'a', 't', 'a', ':', ' '};
  private static final byte[] END = {'\n', '\n'};
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final ByteArrayOutputStream out;
  private final String id;
  private final long created;
  private final String model;

  ChunkWriter(ByteArrayOutputStream out, String id, long created, String model) {
    this.out = out;
    this.id = id;
    this.created = created;
    this.model = model;
  }

  /** The first chunk: the assistant's role, empty content. */
  void role() {
    chunk(json -> {
      json.writeStringField("role", "assistant");
      json.writeStringField("content", "");
    }, null);
  }

  void content(String text) {
    chunk(json -> json.writeStringField("content", text), null);
  }

  /** A tool call begins: its index among the answer's calls, id and name; no arguments yet. */
  void toolCall(int index, String callId, String name) {
    chunk(json -> {
      toolCallStart(json, index);
      json.writeStringField("id", callId);
      json.writeStringField("type", "function");
      json.writeObjectFieldStart("function");
      json.writeStringField("name", name);
      json.writeStringField("arguments", "");
      json.writeEndObject();
      toolCallEnd(json);
    }, null);
  }

  void toolArguments(int index, String partialJson) {
    chunk(json -> {
      toolCallStart(json, index);
      json.writeObjectFieldStart("function");
      json.writeStringField("arguments", partialJson);
      json.writeEndObject();
      toolCallEnd(json);
    }, null);
  }

  void finish(String finishReason) {
    chunk(json -> { }, finishReason);
  }

  /** The usage-only chunk of {@code stream_options.include_usage}: no choices. */
  void usage(AnthropicUsage usage) {
    write(json -> {
      json.writeArrayFieldStart("choices");
      json.writeEndArray();
      usage.writeOpenAi(json);
    });
  }

  void done() {
    out.writeBytes(DONE);
  }

  private interface Body {
    void write(JsonGenerator json) throws IOException;
  }

  private void chunk(Body delta, String finishReason) {
    write(json -> {
      json.writeArrayFieldStart("choices");
      json.writeStartObject();
      json.writeNumberField("index", 0);
      json.writeObjectFieldStart("delta");
      delta.write(json);
      json.writeEndObject();
      json.writeNullField("logprobs");
      json.writeStringField("finish_reason", finishReason);
      json.writeEndObject();
      json.writeEndArray();
    });
  }

  private void write(Body body) {
    out.writeBytes(DATA);
    try (JsonGenerator json = Json.generator(out)) {
      json.writeStartObject();
      json.writeStringField("id", id);
      json.writeStringField("object", "chat.completion.chunk");
      json.writeNumberField("created", created);
      json.writeStringField("model", model);
      body.write(json);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory
    }
    out.writeBytes(END);
  }

  private static void toolCallStart(JsonGenerator json, int index) throws IOException {
    json.writeArrayFieldStart("tool_calls");
    json.writeStartObject();
    json.writeNumberField("index", index);
  }

  private static void toolCallEnd(JsonGenerator json) throws IOException {
    json.writeEndObject();
    json.writeEndArray();
  }
}
