package dev.sluice.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code routes[].retry}: attempts per target, which outcomes are retried, and the backoff
 * between attempts. {@code on} holds HTTP statuses ("429", "503") and the words
 * {@code connect-failure} and {@code timeout}.
 */
public record RetryConfig(Integer maxAttempts, List<String> on, Backoff backoff, Budget budget) {

  /** The usual transient failures, and Anthropic's 529 "overloaded". */
  public static final List<String> DEFAULT_ON =
      List.of("429", "500", "502", "503", "504", "529", "connect-failure", "timeout");

  public RetryConfig {
    maxAttempts = maxAttempts == null ? 2 : maxAttempts;
    on = on == null ? DEFAULT_ON : Lists.copy(on);
    backoff = backoff == null ? Backoff.defaults() : backoff;
    budget = budget == null ? Budget.defaults() : budget;
  }

  public static RetryConfig defaults() {
    return new RetryConfig(null, null, null, null);
  }

  /**
   * Retries allowed on the route over the last {@code window}: {@code percent} of its requests
   * plus {@code minPerSecond} for each second of the window. Past it, a failed attempt fails over
   * instead of being retried. The defaults are Finagle's (20%, 10 s, 10 per second).
   */
  public record Budget(Percent percent, Duration window, Integer minPerSecond) {
    public Budget {
      percent = percent == null ? new Percent(0.2) : percent;
      window = window == null ? Duration.ofSeconds(10) : window;
      minPerSecond = minPerSecond == null ? 10 : minPerSecond;
    }

    public static Budget defaults() {
      return new Budget(null, null, null);
    }
  }

  /** Exponential backoff; {@code jitter} is {@code full} (uniform in 0..delay) or {@code none}. */
  public record Backoff(Duration initial, Duration max, Double multiplier, String jitter) {
    public Backoff {
      initial = initial == null ? Duration.ofMillis(100) : initial;
      max = max == null ? Duration.ofSeconds(2) : max;
      multiplier = multiplier == null ? 2.0 : multiplier;
      jitter = jitter == null ? "full" : jitter;
    }

    public static Backoff defaults() {
      return new Backoff(null, null, null, null);
    }
  }
}
