package dev.sluice.authorize;

import dev.sluice.pipeline.ClientChannel;
import java.time.Duration;
import java.util.List;

/**
 * OpenAI's rate-limit headers, for the tightest limit of each kind (the one with the fewest
 * units left): {@code x-ratelimit-limit-requests}, {@code -remaining-requests},
 * {@code -reset-requests} (time until that bucket is full again), and the same for tokens.
 */
final class RateLimitHeaders {
  private RateLimitHeaders() {}

  static void write(ClientChannel channel, KeyPolicy policy, long now) {
    write(channel, policy.requestLimits(), "requests", now);
    write(channel, policy.tokenLimits(), "tokens", now);
  }

  private static void write(ClientChannel channel, List<Limit> limits, String unit, long now) {
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
    channel.header("x-ratelimit-limit-" + unit, Long.toString(tightest.limit()));
    channel.header("x-ratelimit-remaining-" + unit, Long.toString(fewest));
    channel.header("x-ratelimit-reset-" + unit,
        Durations.format(Duration.ofNanos(tightest.state().nanosUntilFull(now))));
  }
}
