package dev.sluice.api.anthropic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What one {@code chat.completion.chunk} says, read in one streaming pass: the first choice's
 * delta (text, refusal text, tool-call fragments), its finish reason, the usage when present,
 * and the message of an error chunk. Everything else (logprobs, roles, other choices, which an
 * Anthropic request cannot ask for) is skipped.
 *
 * @param usage null when the chunk has none (most chunks)
 * @param error the message of an {@code {"error": ...}} chunk, else null
 */
record OpenAiChunk(
    String id,
    String model,
    String content,
    String refusal,
    List<ToolCallDelta> toolCalls,
    String finishReason,
    CompletionUsage usage,
    String error) {

  /** One fragment of a tool call: {@code id} and {@code name} come with the first one. */
  record ToolCallDelta(int index, String id, String name, String arguments) {}

  private static final JsonFactory JSON = new JsonFactory();

  static OpenAiChunk read(String data) throws AnthropicTranslationException {
    try (JsonParser json = JSON.createParser(data)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw malformed();
      }
      Builder chunk = new Builder();
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        switch (field) {
          case "id" -> chunk.id = string(json);
          case "model" -> chunk.model = string(json);
          case "choices" -> {
            if (value != JsonToken.START_ARRAY) {
              throw malformed();
            }
            while (json.nextToken() == JsonToken.START_OBJECT) {
              chunk.readChoice(json);
            }
          }
          case "usage" -> {
            if (value == JsonToken.START_OBJECT) {
              chunk.usage = CompletionUsage.read(json);
            }
          }
          case "error" -> {
            if (value != JsonToken.VALUE_NULL) {
              chunk.error = errorMessage(json, value);
            }
          }
          default -> json.skipChildren();
        }
      }
      return chunk.build();
    } catch (IOException e) {
      throw malformed();
    }
  }

  /** A scalar as text (null for JSON null); a container, which no string field should be, skipped. */
  private static String string(JsonParser json) throws IOException {
    if (json.currentToken().isStructStart()) {
      json.skipChildren();
      return null;
    }
    return json.getValueAsString();
  }

  private static int index(JsonParser json) throws IOException {
    if (json.currentToken().isStructStart()) {
      json.skipChildren();
      return 0;
    }
    return json.getValueAsInt();
  }

  private static AnthropicTranslationException malformed() {
    return new AnthropicTranslationException("malformed chat.completion.chunk in the stream");
  }

  private static String errorMessage(JsonParser json, JsonToken value) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      String text = string(json);
      return text == null ? "error" : text;
    }
    String message = "error";
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      boolean isMessage = json.currentName().equals("message");
      json.nextToken();
      if (isMessage && json.currentToken() == JsonToken.VALUE_STRING) {
        message = json.getText();
      } else {
        json.skipChildren();
      }
    }
    return message;
  }

  /** Mutable while one chunk is read; fields of a choice other than the first are dropped. */
  private static final class Builder {
    String id;
    String model;
    String content;
    String refusal;
    List<ToolCallDelta> toolCalls = List.of();
    String finishReason;
    CompletionUsage usage;
    String error;

    /** Reads one choice object; its index may come after its delta, so keep it until the end. */
    void readChoice(JsonParser json) throws IOException {
      int index = 0;
      String text = null;
      String refused = null;
      List<ToolCallDelta> calls = List.of();
      String finish = null;
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        switch (field) {
          case "index" -> index = index(json);
          case "finish_reason" -> finish = string(json);
          case "delta" -> {
            if (value != JsonToken.START_OBJECT) {
              json.skipChildren();
              continue;
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
              String name = json.currentName();
              JsonToken inner = json.nextToken();
              switch (name) {
                case "content" -> text = string(json);
                case "refusal" -> refused = string(json);
                case "tool_calls" -> calls = inner == JsonToken.START_ARRAY ? toolCalls(json) : skip(json);
                // role, and reasoning text some backends add: Anthropic thinking blocks need
                // signatures only Anthropic makes, and thinking was not asked for.
                default -> json.skipChildren();
              }
            }
          }
          default -> json.skipChildren();
        }
      }
      if (index == 0) {
        content = text;
        refusal = refused;
        toolCalls = calls;
        finishReason = finish;
      }
    }

    private static List<ToolCallDelta> skip(JsonParser json) throws IOException {
      json.skipChildren();
      return List.of();
    }

    private static List<ToolCallDelta> toolCalls(JsonParser json) throws IOException {
      List<ToolCallDelta> calls = new ArrayList<>(1);
      while (json.nextToken() == JsonToken.START_OBJECT) {
        int index = 0;
        String id = null;
        String name = null;
        String arguments = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
          String field = json.currentName();
          JsonToken value = json.nextToken();
          switch (field) {
            case "index" -> index = index(json);
            case "id" -> id = string(json);
            case "function" -> {
              if (value != JsonToken.START_OBJECT) {
                json.skipChildren();
                continue;
              }
              while (json.nextToken() == JsonToken.FIELD_NAME) {
                String inner = json.currentName();
                json.nextToken();
                switch (inner) {
                  case "name" -> name = string(json);
                  case "arguments" -> arguments = string(json);
                  default -> json.skipChildren();
                }
              }
            }
            default -> json.skipChildren();
          }
        }
        calls.add(new ToolCallDelta(index, id, name, arguments));
      }
      return calls;
    }

    OpenAiChunk build() {
      return new OpenAiChunk(id, model, content, refusal, toolCalls, finishReason, usage, error);
    }
  }
}
