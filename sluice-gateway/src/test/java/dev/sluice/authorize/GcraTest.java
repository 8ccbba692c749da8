package dev.sluice.authorize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** GCRA driven by a hand-moved clock: no sleeps, exact arithmetic. */
class GcraTest {
  static final long MINUTE = Duration.ofMinutes(1).toNanos();
  long now = 1_000_000_000_000L;

  @Test
  void aFullBucketAdmitsTheWholeLimitAtOnceThenMakesTheNextWait() {
    Gcra limiter = new Gcra(60, MINUTE, now); // 60 per minute: one per second

    for (int i = 0; i < 60; i++) {
      assertThat(limiter.tryTake(1, now)).as("request %d", i).isZero();
    }
    long wait = limiter.tryTake(1, now);

    assertThat(Duration.ofNanos(wait)).isEqualTo(Duration.ofSeconds(1));
    assertThat(limiter.remaining(now)).isZero();
  }

  @Test
  void refillsContinuouslyNotPerWindow() {
    Gcra limiter = new Gcra(60, MINUTE, now);
    limiter.tryTake(60, now);

    now += Duration.ofMillis(999).toNanos();
    assertThat(limiter.tryTake(1, now)).isPositive();
    now += Duration.ofMillis(1).toNanos();
    assertThat(limiter.tryTake(1, now)).isZero();
    now += Duration.ofSeconds(30).toNanos();
    assertThat(limiter.remaining(now)).isEqualTo(30);
  }

  @Test
  void aLargerTakeWaitsForItsWholeCost() {
    Gcra tokens = new Gcra(1000, MINUTE, now);
    assertThat(tokens.tryTake(900, now)).isZero();

    long wait = tokens.tryTake(300, now);

    assertThat(Duration.ofNanos(wait)).isEqualTo(Duration.ofSeconds(12)); // 200 tokens short
    assertThat(tokens.remaining(now)).isEqualTo(100);
  }

  @Test
  void moreThanTheWholeLimitNeverFits() {
    assertThat(new Gcra(100, MINUTE, now).tryTake(101, now)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void settlingAboveTheEstimateChargesTheDifference() {
    Gcra tokens = new Gcra(1000, MINUTE, now);
    tokens.tryTake(100, now); // reserved an estimate of 100

    tokens.adjust(+400, now); // the answer used 500

    assertThat(tokens.remaining(now)).isEqualTo(500);
  }

  @Test
  void settlingBelowTheEstimateGivesTheRestBack() {
    Gcra tokens = new Gcra(1000, MINUTE, now);
    tokens.tryTake(800, now);

    tokens.adjust(-700, now); // used 100 of 800

    assertThat(tokens.remaining(now)).isEqualTo(900);
  }

  @Test
  void overshootIsRepaidBeforeTheNextRequest() {
    Gcra tokens = new Gcra(1000, MINUTE, now);
    tokens.tryTake(1000, now);
    tokens.adjust(+500, now); // a stream used 500 more than all it reserved: 1.5 limits in debt

    assertThat(tokens.remaining(now)).isZero();
    long wait = tokens.tryTake(1, now);
    assertThat(Duration.ofNanos(wait)).isGreaterThan(Duration.ofSeconds(30));
  }

  @Test
  void aRefundNeverLeavesMoreThanAFullBucket() {
    Gcra limiter = new Gcra(10, MINUTE, now);
    limiter.adjust(-100, now);

    assertThat(limiter.remaining(now)).isEqualTo(10);
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.tryTake(1, now)).isZero();
    }
    assertThat(limiter.tryTake(1, now)).isPositive();
  }

  @Test
  void rejectsLimitsThatCannotWork() {
    assertThatThrownBy(() -> new Gcra(0, MINUTE, now)).hasMessage("limit: 0 (expected: > 0)");
    assertThatThrownBy(() -> new Gcra(1, 0, now)).hasMessage("period: 0ns (expected: > 0)");
  }
}
