package dev.sluice.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.RetryConfig;
import dev.sluice.provider.UpstreamError;
import dev.sluice.route.RetryPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryRuleTest {
  final RetryPolicy policy = RetryPolicy.of(new RetryConfig(3, List.of("429", "503", "connect-failure"),
      new RetryConfig.Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, "full"), null));

  static Failure status(int status, Duration retryAfter) {
    return new Failure.Status("b", new UpstreamError(status, null, null, "x", null), retryAfter);
  }

  @Test
  void retriesTheSameTargetWhileAttemptsRemain() {
    assertThat(RetryRule.decide(policy, status(503, null), 1, 0.5))
        .isEqualTo(new RetryRule.Decision.RetrySame(Duration.ofMillis(50)));
    assertThat(RetryRule.decide(policy, status(503, null), 2, 0.5))
        .isEqualTo(new RetryRule.Decision.RetrySame(Duration.ofMillis(100)));
  }

  @Test
  void failsOverWhenTheTargetsAttemptsAreUsed() {
    assertThat(RetryRule.decide(policy, status(503, null), 3, 0.5)).isInstanceOf(RetryRule.Decision.NextTarget.class);
  }

  @Test
  void stopsOnOutcomesTheRouteDoesNotRetry() {
    assertThat(RetryRule.decide(policy, status(500, null), 1, 0.5)).isInstanceOf(RetryRule.Decision.Stop.class);
    assertThat(RetryRule.decide(policy, new Failure.Timeout("b", "x"), 1, 0.5))
        .isInstanceOf(RetryRule.Decision.Stop.class);
    assertThat(RetryRule.decide(policy, new Failure.ConnectFailure("b", "x"), 1, 0.5))
        .isInstanceOf(RetryRule.Decision.RetrySame.class);
  }

  @Test
  void waitsForAShortRetryAfterAndSkipsALongOne() {
    assertThat(RetryRule.decide(policy, status(429, Duration.ofMillis(700)), 1, 0.0))
        .isEqualTo(new RetryRule.Decision.RetrySame(Duration.ofMillis(700)));
    assertThat(RetryRule.decide(policy, status(429, Duration.ofSeconds(5)), 1, 0.0))
        .isInstanceOf(RetryRule.Decision.NextTarget.class);
  }

  @Test
  void backoffGrowsExponentiallyUpToTheCap() {
    RetryPolicy noJitter = RetryPolicy.of(new RetryConfig(10, null,
        new RetryConfig.Backoff(Duration.ofMillis(100), Duration.ofMillis(500), 2.0, "none"), null));

    assertThat(List.of(1, 2, 3, 4, 5).stream().map(n -> noJitter.backoff(n, 0.9).toMillis()).toList())
        .containsExactly(100L, 200L, 400L, 500L, 500L);
  }

  @Test
  void retryAfterParsesSecondsAndDates() {
    java.time.Instant now = java.time.Instant.parse("2026-11-27T10:00:00Z");
    assertThat(RetryAfter.parse("3", now)).isEqualTo(Duration.ofSeconds(3));
    assertThat(RetryAfter.parse("Fri, 27 Nov 2026 10:00:05 GMT", now)).isEqualTo(Duration.ofSeconds(5));
    assertThat(RetryAfter.parse("soon", now)).isNull();
    assertThat(RetryAfter.parse("-1", now)).isNull();
  }
}
