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
    writeTightest(channel, policy.requestLimits(), now);
    writeTightest(channel, policy.tokenLimits(), now);
  }

  private static void writeTightest(ClientChannel channel, List<Limit> limits, long now) {
    Limit tightest = null;
    long fewest = Long.MAX_VALUE;
    for (Limit limit : limits) {
      long remaining = limit.state().remaining(now);
      if (remaining < fewest) {
        fewest = remaining;
        tightest = limit;
      }
    }
    if (tightest != null) {
      write(channel, tightest.unit(), tightest.limit(), fewest, tightest.state().nanosUntilFull(now));
    }
  }

  /**
   * The three headers of one kind of limit; the names are the constants above, never built, so
   * that the channel finds them pre-encoded. The shared (Redis) limits write through here too.
   */
  static void write(ClientChannel channel, Limit.Unit unit, long limit, long remaining,
      long resetNanos) {
    boolean requests = unit == Limit.Unit.REQUESTS;
    channel.header(requests ? LIMIT_REQUESTS : LIMIT_TOKENS, Long.toString(limit));
    channel.header(requests ? REMAINING_REQUESTS : REMAINING_TOKENS, Long.toString(remaining));
    channel.header(requests ? RESET_REQUESTS : RESET_TOKENS, Durations.formatNanos(resetNanos));
  }
}
