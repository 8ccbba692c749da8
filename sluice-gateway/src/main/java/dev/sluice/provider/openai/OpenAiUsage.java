package dev.sluice.provider.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.provider.TokenUsage;
import java.io.IOException;

/**
 * Reads OpenAI's {@code usage} object: {@code prompt_tokens} (which include cached ones),
 * {@code completion_tokens} (which include reasoning ones),
 * {@code prompt_tokens_details.cached_tokens} and
 * {@code completion_tokens_details.reasoning_tokens}. Embeddings report only prompt tokens.
 */
final class OpenAiUsage {
  private OpenAiUsage() {}

  /** Reads the object the parser is at the start of; returns null for a JSON null. */
  static TokenUsage read(JsonParser json) throws IOException {
    if (json.currentToken() != JsonToken.START_OBJECT) {
      json.skipChildren();
      return null;
    }
    long input = 0;
    long output = 0;
    long cached = 0;
    long reasoning = 0;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = json.nextToken();
      switch (field) {
        case "prompt_tokens" -> input = longValue(json, value);
        case "completion_tokens" -> output = longValue(json, value);
        case "prompt_tokens_details" -> cached = detail(json, value, "cached_tokens");
        case "completion_tokens_details" -> reasoning = detail(json, value, "reasoning_tokens");
        default -> json.skipChildren();
      }
    }
    return new TokenUsage(input, output, cached, 0, reasoning);
  }

  private static long detail(JsonParser json, JsonToken value, String name) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      json.skipChildren();
      return 0;
    }
    long result = 0;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken inner = json.nextToken();
      if (field.equals(name)) {
        result = longValue(json, inner);
      } else {
        json.skipChildren();
      }
    }
    return result;
  }

  private static long longValue(JsonParser json, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT) {
      return Math.max(0, json.getLongValue());
    }
    json.skipChildren(); // an object or array in a count's place: passed over whole, counts 0
    return 0;
  }
}
