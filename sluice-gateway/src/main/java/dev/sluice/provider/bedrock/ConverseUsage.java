package dev.sluice.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.provider.TokenUsage;

/**
 * Converse's {@code usage} ({@code inputTokens}, {@code outputTokens}, {@code totalTokens},
 * {@code cacheReadInputTokens}, {@code cacheWriteInputTokens}), normalised.
 *
 * <p>Bedrock counts cache reads and cache writes apart from {@code inputTokens}, which holds
 * only the uncached rest (as Anthropic does; gateways that took {@code inputTokens} as the
 * total under-billed cached prompts). So the billed input is the sum of the three:
 * {@link TokenUsage#inputTokens()} and OpenAI's {@code prompt_tokens} are that sum, with the
 * cache reads in {@code cachedInputTokens} / {@code prompt_tokens_details.cached_tokens}, as
 * OpenAI counts cached tokens inside {@code prompt_tokens}. Bedrock does not report reasoning
 * tokens apart from output tokens.
 *
 * @see <a href="https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_TokenUsage.html">TokenUsage</a>
 */
final class ConverseUsage {
  private ConverseUsage() {}

  /** The usage object's counts, or null when the node is not an object. */
  static TokenUsage read(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return null;
    }
    long cacheRead = Json.count(usage, "cacheReadInputTokens");
    long cacheWrite = Json.count(usage, "cacheWriteInputTokens");
    long input = Json.count(usage, "inputTokens") + cacheRead + cacheWrite;
    return new TokenUsage(input, Json.count(usage, "outputTokens"), cacheRead, cacheWrite, 0);
  }

  /** OpenAI's {@code usage} object for these counts. */
  static ObjectNode openAi(TokenUsage usage) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("prompt_tokens", usage.inputTokens());
    node.put("completion_tokens", usage.outputTokens());
    node.put("total_tokens", usage.totalTokens());
    node.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedInputTokens());
    return node;
  }
}
