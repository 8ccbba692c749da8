package dev.sluice.provider.gemini;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.provider.TokenUsage;
import java.io.IOException;

/**
 * Gemini's {@code usageMetadata}, and its OpenAI form. {@code promptTokenCount} already includes
 * {@code cachedContentTokenCount} (as OpenAI's prompt_tokens include cached_tokens), so input is
 * the prompt plus {@code toolUsePromptTokenCount} (results of Google's own tools, billed as
 * input). Thoughts are billed as output but reported apart from {@code candidatesTokenCount}, so
 * output is candidates plus thoughts, with the thoughts as reasoning tokens, as OpenAI counts
 * them. Counts Gemini leaves out (a stream's early events carry only {@code trafficType}) are 0.
 */
record GeminiUsage(long prompt, long candidates, long thoughts, long cached, long toolUsePrompt) {

  long inputTokens() {
    return prompt + toolUsePrompt;
  }

  long outputTokens() {
    return candidates + thoughts;
  }

  TokenUsage tokenUsage() {
    return new TokenUsage(inputTokens(), outputTokens(), cached, 0, thoughts);
  }

  /** Reads the object the parser is at the start of. */
  static GeminiUsage read(JsonParser json) throws IOException {
    if (json.currentToken() != JsonToken.START_OBJECT) {
      json.skipChildren();
      return null;
    }
    long prompt = 0;
    long candidates = 0;
    long thoughts = 0;
    long cached = 0;
    long toolUse = 0;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = json.nextToken();
      long n = value == JsonToken.VALUE_NUMBER_INT ? Math.max(0, json.getLongValue()) : 0;
      switch (field) {
        case "promptTokenCount" -> prompt = n;
        case "candidatesTokenCount" -> candidates = n;
        case "thoughtsTokenCount" -> thoughts = n;
        case "cachedContentTokenCount" -> cached = n;
        case "toolUsePromptTokenCount" -> toolUse = n;
        default -> json.skipChildren();
      }
    }
    return new GeminiUsage(prompt, candidates, thoughts, cached, toolUse);
  }

  /** Writes OpenAI's {@code usage} object as the field {@code usage}. */
  void writeOpenAi(JsonGenerator out) throws IOException {
    out.writeObjectFieldStart("usage");
    out.writeNumberField("prompt_tokens", inputTokens());
    out.writeNumberField("completion_tokens", outputTokens());
    out.writeNumberField("total_tokens", inputTokens() + outputTokens());
    out.writeObjectFieldStart("prompt_tokens_details");
    out.writeNumberField("cached_tokens", cached);
    out.writeEndObject();
    out.writeObjectFieldStart("completion_tokens_details");
    out.writeNumberField("reasoning_tokens", thoughts);
    out.writeEndObject();
    out.writeEndObject();
  }
}
