package dev.sluice.config;

/**
 * {@code estimates:}: what Sluice assumes before a provider has answered. Token limits reserve
 * the prompt (counted) plus the request's {@code max_tokens}, or {@code outputTokens} when the
 * request sets none; the reservation is corrected to the real count when the answer is in.
 */
public record EstimatesConfig(Integer outputTokens) {
  public static final int DEFAULT_OUTPUT_TOKENS = 1024;

  public EstimatesConfig {
    outputTokens = outputTokens == null ? DEFAULT_OUTPUT_TOKENS : outputTokens;
  }

  public static EstimatesConfig defaults() {
    return new EstimatesConfig(null);
  }
}
