package dev.sluice.provider;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes OpenAI {@code chat.completion.chunk} SSE events ({@code data: {...}\n\n}) for one
 * stream, with Jackson's generator straight into the output buffer: one event per token is the
 * hot path, so no tree is built per event.
 */
public final class OpenAiChunkWriter {
  // A mapper's factory: its generators can write trees (a provider's usage object).
  private static final JsonFactory JSON = new ObjectMapper().getFactory();
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  private final String id;
  private final long created;
  private final String model;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);

  public OpenAiChunkWriter(String id, long created, String model) {
    this.id = id;
    this.created = created;
    this.model = model;
  }

  /** The events written since the last call, and an empty buffer for the next ones. */
  public byte[] take() {
    if (out.size() == 0) {
      return StreamTranslator.NOTHING; // most network chunks end mid-frame
    }
    byte[] events = out.toByteArray();
    out.reset();
    return events;
  }

  public void role() {
    role(0);
  }

  /** The first chunk of choice {@code choice} (a provider may stream several candidates). */
  public void role(int choice) {
    delta(choice, json -> {
      json.writeStringField("role", "assistant");
      json.writeStringField("content", "");
    }, null);
  }

  public void content(String text) {
    delta(json -> json.writeStringField("content", text), null);
  }

  public void reasoning(String text) {
    delta(json -> json.writeStringField("reasoning_content", text), null);
  }

  /** A tool call's first chunk: its id and name, no arguments yet. */
  public void toolStart(int index, String callId, String name) {
    delta(json -> {
      toolCall(json, index);
      json.writeStringField("id", callId);
      json.writeStringField("type", "function");
      json.writeObjectFieldStart("function");
      json.writeStringField("name", name);
      json.writeStringField("arguments", "");
      json.writeEndObject();
      json.writeEndObject();
      json.writeEndArray();
    }, null);
  }

  public void toolArguments(int index, String arguments) {
    delta(json -> {
      toolCall(json, index);
      json.writeObjectFieldStart("function");
      json.writeStringField("arguments", arguments);
      json.writeEndObject();
      json.writeEndObject();
      json.writeEndArray();
    }, null);
  }

  public void finish(String finishReason) {
    delta(json -> { }, finishReason);
  }

  /**
   * The usage-only chunk: {@code choices} empty, as OpenAI sends it; {@code usageField} writes
   * the {@code usage} field from the provider's own counts.
   */
  public void usage(Body usageField) {
    event(json -> {
      json.writeArrayFieldStart("choices");
      json.writeEndArray();
      usageField.write(json);
    });
  }

  public void done() {
    out.writeBytes(DONE);
  }

  private static void toolCall(JsonGenerator json, int index) throws IOException {
    json.writeArrayFieldStart("tool_calls");
    json.writeStartObject();
    json.writeNumberField("index", index);
  }

  private void delta(Body delta, String finishReason) {
    delta(0, delta, finishReason);
  }

  /**
   * A chunk of choice {@code choice}: {@code delta} writes the fields inside {@code delta}
   * (none, for a finish chunk); {@code finishReason} is null until the choice ends.
   */
  public void delta(int choice, Body delta, String finishReason) {
    event(json -> {
      json.writeArrayFieldStart("choices");
      json.writeStartObject();
      json.writeNumberField("index", choice);
      json.writeObjectFieldStart("delta");
      delta.write(json);
      json.writeEndObject();
      json.writeNullField("logprobs");
      json.writeStringField("finish_reason", finishReason);
      json.writeEndObject();
      json.writeEndArray();
    });
  }

  private void event(Body body) {
    out.writeBytes(DATA);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("id", id);
      json.writeStringField("object", "chat.completion.chunk");
      json.writeNumberField("created", created);
      json.writeStringField("model", model);
      body.write(json);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory does not fail
    }
    out.writeBytes(END);
  }

  /** Writes fields into the chunk object being generated. */
  @FunctionalInterface
  public interface Body {
    void write(JsonGenerator json) throws IOException;
  }
}
