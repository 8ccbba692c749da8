package dev.sluice.budget;

import dev.sluice.provider.TokenUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A model's price in nano-USD (1e-9 USD) per token — integers, so spend counters are exact and
 * atomic. List prices per 1M tokens with up to three decimals ({@code $0.005}) convert exactly:
 * nano-USD per token = USD per 1M tokens × 1000.
 */
public record Price(long input, long output, long cachedInput) {

  public static Price perMillion(BigDecimal input, BigDecimal output, BigDecimal cachedInput) {
    return new Price(nanos(input), nanos(output), nanos(cachedInput == null ? input : cachedInput));
  }

  private static long nanos(BigDecimal usdPerMillion) {
    return usdPerMillion.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  /**
   * The cost of an answer in nano-USD. Cached prompt tokens are priced as cached, the rest of the
   * prompt (cache writes included, at the input price) as input, and output (reasoning included)
   * as output.
   */
  public long cost(TokenUsage usage) {
    long cached = Math.min(usage.cachedInputTokens(), usage.inputTokens());
    return (usage.inputTokens() - cached) * input + cached * cachedInput + usage.outputTokens() * output;
  }

  /** nano-USD as USD, for records and logs. */
  public static BigDecimal usd(long nanos) {
    return BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
  }
}
