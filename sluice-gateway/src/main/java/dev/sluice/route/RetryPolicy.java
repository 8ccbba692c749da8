package dev.sluice.route;

import dev.sluice.config.RetryConfig;
import java.time.Duration;
import java.util.BitSet;

/**
 * A route's retry settings, compiled: which outcomes may be retried, how many attempts each
 * target gets, and the exponential backoff between attempts on the same target.
 */
public record RetryPolicy(
    int maxAttemptsPerTarget,
    BitSet retryStatuses,
    boolean onConnectFailure,
    boolean onTimeout,
    Duration initialBackoff,
    Duration maxBackoff,
    double multiplier,
    boolean fullJitter) {

  public static RetryPolicy of(RetryConfig config) {
    BitSet statuses = new BitSet(600);
    boolean connect = false;
    boolean timeout = false;
    for (String on : config.on()) {
      switch (on) {
        case "connect-failure" -> connect = true;
        case "timeout" -> timeout = true;
        default -> statuses.set(Integer.parseInt(on));
      }
    }
    RetryConfig.Backoff backoff = config.backoff();
    return new RetryPolicy(
        config.maxAttempts(),
        statuses,
        connect,
        timeout,
        backoff.initial(),
        backoff.max(),
        backoff.multiplier(),
        "full".equals(backoff.jitter()));
  }

  public boolean retriesStatus(int status) {
    return status >= 0 && retryStatuses.get(status);
  }

  /**
   * The delay before retry number {@code retry} (1 = the first retry) on the same target:
   * {@code initial * multiplier^(retry-1)}, capped at max; with full jitter, uniform in
   * [0, that] (AWS's "full jitter": spreads synchronized clients best). {@code random} is in
   * [0, 1).
   */
  public Duration backoff(int retry, double random) {
    double nanos = initialBackoff.toNanos() * Math.pow(multiplier, Math.max(0, retry - 1));
    double capped = Math.min(nanos, maxBackoff.toNanos());
    return Duration.ofNanos((long) (fullJitter ? capped * random : capped));
  }
}
