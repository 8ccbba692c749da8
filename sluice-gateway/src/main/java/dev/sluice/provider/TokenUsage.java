package dev.sluice.provider;

/**
 * Token counts one upstream answer reported. {@code cachedInputTokens} (cache reads) and
 * {@code cacheCreationTokens} are parts of, or additions to, input as each provider defines;
 * the translator normalises them so that {@code inputTokens} is the total billed input.
 */
public record TokenUsage(
    long inputTokens,
    long outputTokens,
    long cachedInputTokens,
    long cacheCreationTokens,
    long reasoningTokens) {

  public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0, 0);

  public static TokenUsage of(long inputTokens, long outputTokens) {
    return new TokenUsage(inputTokens, outputTokens, 0, 0, 0);
  }

  public long totalTokens() {
    return inputTokens + outputTokens;
  }
}
