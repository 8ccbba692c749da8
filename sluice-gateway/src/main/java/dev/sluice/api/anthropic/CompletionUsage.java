package dev.sluice.api.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * OpenAI's {@code usage} ({@code CompletionUsage}), said the Anthropic way. OpenAI's
 * {@code prompt_tokens} include the cached ones; Anthropic reports cache reads apart, in
 * {@code cache_read_input_tokens}, and {@code input_tokens} is the rest. The OpenAI shape has no
 * cache-creation count (a backend that writes a cache counts those tokens in
 * {@code prompt_tokens}), so {@code cache_creation_input_tokens} is 0 and the three input fields
 * still add up to everything billed as input.
 */
record CompletionUsage(long promptTokens, long completionTokens, long cachedTokens) {
  static final CompletionUsage NONE = new CompletionUsage(0, 0, 0);

  /** Input not read from a cache; never negative, even if a backend over-reports cache reads. */
  long uncachedInputTokens() {
    return Math.max(0, promptTokens - cachedTokens);
  }

  static CompletionUsage of(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return NONE;
    }
    return new CompletionUsage(count(usage.get("prompt_tokens")),
        count(usage.get("completion_tokens")),
        count(usage.path("prompt_tokens_details").get("cached_tokens")));
  }

  private static long count(JsonNode n) {
    return n != null && n.canConvertToLong() ? Math.max(0, n.longValue()) : 0;
  }

  /** Reads the object the parser is at the start of. */
  static CompletionUsage read(JsonParser json) throws IOException {
    long prompt = 0;
    long completion = 0;
    long cached = 0;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = json.nextToken();
      switch (field) {
        case "prompt_tokens" -> prompt = count(json, value);
        case "completion_tokens" -> completion = count(json, value);
        case "prompt_tokens_details" -> {
          if (value == JsonToken.START_OBJECT) {
            while (json.nextToken() == JsonToken.FIELD_NAME) {
              boolean isCached = json.currentName().equals("cached_tokens");
              JsonToken inner = json.nextToken();
              if (isCached) {
                cached = count(json, inner);
              } else {
                json.skipChildren();
              }
            }
          } else {
            json.skipChildren();
          }
        }
        default -> json.skipChildren();
      }
    }
    return new CompletionUsage(prompt, completion, cached);
  }

  private static long count(JsonParser json, JsonToken value) throws IOException {
    return value == JsonToken.VALUE_NUMBER_INT ? Math.max(0, json.getLongValue()) : 0;
  }

  /** Writes the fields of Anthropic's {@code usage} object (not the braces). */
  void writeFields(JsonGenerator json) throws IOException {
    json.writeNumberField("input_tokens", uncachedInputTokens());
    json.writeNumberField("cache_creation_input_tokens", 0);
    json.writeNumberField("cache_read_input_tokens", cachedTokens);
    json.writeNumberField("output_tokens", completionTokens);
  }
}
