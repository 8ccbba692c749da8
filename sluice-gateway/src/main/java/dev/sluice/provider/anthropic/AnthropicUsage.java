package dev.sluice.provider.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.provider.TokenUsage;
import java.io.IOException;

/**
 * Anthropic's usage counts. Unlike OpenAI, Anthropic reports cache reads and cache writes
 * <em>beside</em> {@code input_tokens}, not inside it: {@code input_tokens} counts only the
 * uncached rest of the prompt. So the prompt the client was billed for is the sum of the three;
 * that sum is OpenAI's {@code prompt_tokens} and Sluice's input tokens, and the cache reads are
 * OpenAI's {@code cached_tokens}. Reporting {@code input_tokens} alone would undercount every
 * cached request, the usage loss other gateways are known for.
 */
record AnthropicUsage(long input, long output, long cacheRead, long cacheCreation) {
  static final AnthropicUsage NONE = new AnthropicUsage(0, 0, 0, 0);

  static AnthropicUsage read(JsonNode usage) {
    return NONE.with(usage);
  }

  /**
   * These counts with those {@code usage} reports replacing ours. A stream's
   * {@code message_delta} carries cumulative counts, often {@code output_tokens} only: the
   * counts it leaves out keep what {@code message_start} said.
   */
  AnthropicUsage with(JsonNode usage) {
    return new AnthropicUsage(
        count(usage, "input_tokens", input),
        count(usage, "output_tokens", output),
        count(usage, "cache_read_input_tokens", cacheRead),
        count(usage, "cache_creation_input_tokens", cacheCreation));
  }

  private static long count(JsonNode usage, String field, long otherwise) {
    JsonNode value = usage == null ? null : usage.get(field);
    return value != null && value.isIntegralNumber() ? Math.max(0, value.asLong()) : otherwise;
  }

  long promptTokens() {
    return input + cacheRead + cacheCreation;
  }

  TokenUsage tokenUsage() {
    // Anthropic counts thinking inside output_tokens and reports no separate reasoning count.
    return new TokenUsage(promptTokens(), output, cacheRead, cacheCreation, 0);
  }

  /** Writes {@code "usage": {...}} in OpenAI's shape. */
  void writeOpenAi(JsonGenerator json) throws IOException {
    json.writeObjectFieldStart("usage");
    json.writeNumberField("prompt_tokens", promptTokens());
    json.writeNumberField("completion_tokens", output);
    json.writeNumberField("total_tokens", promptTokens() + output);
    json.writeObjectFieldStart("prompt_tokens_details");
    json.writeNumberField("cached_tokens", cacheRead);
    json.writeEndObject();
    json.writeEndObject();
  }
}
