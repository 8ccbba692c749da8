package dev.sluice.authorize;

import dev.sluice.pipeline.ClientChannel;
import java.util.List;

/**
 * OpenAI's rate-limit headers, for the tightest limit of each kind (the one with the fewest
 * units left): {@code x-ratelimit-limit-requests}, {@code -remaining-requests},
 * {@code -reset-requests} (time until that bucket is full again), and the same for tokens.
 */
public final class RateLimitHeaders {
  // Constant names: written on every answer, so they are not built per request (and the channel
  // knows them as pre-encoded header names).
  public static final String LIMIT_REQUESTS = "x-ratelimit-limit-requests";
  public static final String REMAINING_REQUESTS = "x-ratelimit-remaining-requests";
  public static final String RESET_REQUESTS = "x-ratelimit-reset-requests";
  public static final String LIMIT_TOKENS = "x-ratelimit-limit-tokens";
  public static final String REMAINING_TOKENS = "x-ratelimit-remaining-tokens";
  public static final String RESET_TOKENS = "x-ratelimit-reset-tokens";

  private RateLimitHeaders() {}

  static void write(ClientChannel channel, KeyPolicy policy, long now) {
    write(channel, policy.requestLimits(), LIMIT_REQUESTS, REMAINING_REQUESTS, RESET_REQUESTS, now);
    write(channel, policy.tokenLimits(), LIMIT_TOKENS, REMAINING_TOKENS, RESET_TOKENS, now);
  }

  private static void write(ClientChannel channel, List<Limit> limits, String limitName,
      String remainingName, String resetName, long now) {
    Limit tightest = null;
    long fewest = Long.MAX_VALUE;
    for (Limit limit : limits) {
      long remaining = limit.state().remaining(now);
      if (remaining < fewest) {
        fewest = remaining;
        tightest = limit;
      }
    }
    if (tightest == null) {
      return;
    }
    channel.header(limitName, Long.toString(tightest.limit()));
    channel.header(remainingName, Long.toString(fewest));
    channel.header(resetName, Durations.formatNanos(tightest.state().nanosUntilFull(now)));
  }
}
