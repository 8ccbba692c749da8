package dev.sluice.provider.gemini;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.provider.ProviderException;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code GenerateContentResponse} (a whole answer, or one event of a stream), read with
 * Jackson's streaming parser into just what the translation needs; everything else (safety
 * ratings, citations, grounding) is skipped without building a tree.
 *
 * @param usage null when the answer has no {@code usageMetadata}
 * @param blockReason {@code promptFeedback.blockReason}: the prompt itself was blocked
 * @param error an {@code error} object's message (Vertex may end a stream with one), or null
 */
record GeminiAnswer(
    List<Candidate> candidates,
    GeminiUsage usage,
    String responseId,
    String modelVersion,
    String createTime,
    String blockReason,
    String error) {

  private static final JsonFactory JSON = new JsonFactory();

  /**
   * One candidate. Thought summaries ({@code thought: true} parts, sent only when asked for with
   * includeThoughts, which Sluice never sets) are not part of the answer's text.
   */
  record Candidate(int index, String text, List<FunctionCall> calls, String finishReason) {}

  /** A {@code functionCall} part; {@code args} as JSON text, {@code {}} when absent. */
  record FunctionCall(String id, String name, String args, String thoughtSignature) {}

  static GeminiAnswer parse(byte[] json, int from, int length) throws ProviderException {
    try (JsonParser parser = JSON.createParser(json, from, length)) {
      return read(parser);
    } catch (IOException | RuntimeException e) {
      throw new ProviderException("malformed JSON in the provider's answer");
    }
  }

  static GeminiAnswer parse(String json) throws ProviderException {
    try (JsonParser parser = JSON.createParser(json)) {
      return read(parser);
    } catch (IOException | RuntimeException e) {
      throw new ProviderException("malformed JSON in a stream event from the provider");
    }
  }

  private static GeminiAnswer read(JsonParser json) throws IOException {
    if (json.nextToken() != JsonToken.START_OBJECT) {
      throw new IOException("not an object");
    }
    List<Candidate> candidates = new ArrayList<>(1);
    GeminiUsage usage = null;
    String responseId = null;
    String modelVersion = null;
    String createTime = null;
    String blockReason = null;
    String error = null;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = json.nextToken();
      switch (field) {
        case "candidates" -> {
          if (value == JsonToken.START_ARRAY) {
            while (json.nextToken() == JsonToken.START_OBJECT) {
              candidates.add(candidate(json, candidates.size()));
            }
            expectArrayEnd(json);
          } else {
            json.skipChildren();
          }
        }
        case "usageMetadata" -> usage = GeminiUsage.read(json);
        case "responseId" -> responseId = text(json);
        case "modelVersion" -> modelVersion = text(json);
        case "createTime" -> createTime = text(json);
        case "promptFeedback" -> blockReason = stringField(json, "blockReason");
        case "error" -> {
          if (value == JsonToken.START_OBJECT) {
            error = String.valueOf(stringField(json, "message"));
          } else {
            error = String.valueOf(text(json));
          }
        }
        default -> json.skipChildren();
      }
    }
    if (json.currentToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
      throw new IOException("not one whole object");
    }
    return new GeminiAnswer(candidates, usage, responseId, modelVersion, createTime, blockReason, error);
  }

  private static Candidate candidate(JsonParser json, int position) throws IOException {
    int index = position;
    StringBuilder text = new StringBuilder();
    List<FunctionCall> calls = new ArrayList<>(0);
    String finishReason = null;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = json.nextToken();
      switch (field) {
        case "index" -> index = json.getValueAsInt(position);
        case "finishReason" -> finishReason = text(json);
        case "content" -> content(json, value, text, calls);
        default -> json.skipChildren();
      }
    }
    return new Candidate(index, text.toString(), calls, finishReason);
  }

  private static void content(JsonParser json, JsonToken value, StringBuilder text,
      List<FunctionCall> calls) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      json.skipChildren();
      return;
    }
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      if (json.nextToken() == JsonToken.START_ARRAY && field.equals("parts")) {
        while (json.nextToken() == JsonToken.START_OBJECT) {
          part(json, text, calls);
        }
        expectArrayEnd(json);
      } else {
        json.skipChildren(); // role
      }
    }
  }

  private static void part(JsonParser json, StringBuilder text, List<FunctionCall> calls)
      throws IOException {
    String partText = null;
    boolean thought = false;
    String signature = null;
    FunctionCall call = null;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = json.nextToken();
      switch (field) {
        case "text" -> partText = text(json);
        case "thought" -> thought = value == JsonToken.VALUE_TRUE;
        case "thoughtSignature" -> signature = text(json);
        case "functionCall" -> call = functionCall(json);
        default -> json.skipChildren(); // inlineData, executableCode...: not in a chat answer
      }
    }
    if (call != null) {
      calls.add(new FunctionCall(call.id(), call.name(), call.args(), signature));
    } else if (partText != null && !thought) {
      text.append(partText);
    }
  }

  private static FunctionCall functionCall(JsonParser json) throws IOException {
    if (json.currentToken() != JsonToken.START_OBJECT) {
      json.skipChildren();
      return null;
    }
    String id = null;
    String name = "";
    String args = "{}";
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      json.nextToken();
      switch (field) {
        case "id" -> id = text(json);
        case "name" -> name = String.valueOf(text(json));
        case "args" -> {
          StringWriter copy = new StringWriter();
          try (JsonGenerator gen = JSON.createGenerator(copy)) {
            gen.copyCurrentStructure(json);
          }
          args = copy.toString();
        }
        default -> json.skipChildren();
      }
    }
    return new FunctionCall(id, name, args, null);
  }

  /** A scalar's text (null for JSON null); a structure where a scalar belongs is skipped. */
  private static String text(JsonParser json) throws IOException {
    String text = json.currentToken().isScalarValue() ? json.getValueAsString() : null;
    json.skipChildren();
    return text;
  }

  private static void expectArrayEnd(JsonParser json) throws IOException {
    if (json.currentToken() != JsonToken.END_ARRAY) {
      throw new IOException("an array element that is not an object");
    }
  }

  /** A string field of the object the parser is at the start of; the rest is skipped. */
  private static String stringField(JsonParser json, String name) throws IOException {
    if (json.currentToken() != JsonToken.START_OBJECT) {
      json.skipChildren();
      return null;
    }
    String found = null;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      json.nextToken();
      if (field.equals(name)) {
        found = text(json);
      } else {
        json.skipChildren();
      }
    }
    return found;
  }
}
