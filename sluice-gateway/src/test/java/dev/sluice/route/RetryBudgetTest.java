package dev.sluice.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.Percent;
import dev.sluice.config.RetryConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {
  long nanos = 1_000_000_000_000L;

  RetryBudget budget(double percent, int windowSeconds, int minPerSecond) {
    return new RetryBudget(new RetryConfig.Budget(new Percent(percent),
        Duration.ofSeconds(windowSeconds), minPerSecond), () -> nanos);
  }

  int retriesGranted(RetryBudget budget, int asked) {
    int granted = 0;
    for (int i = 0; i < asked; i++) {
      granted += budget.tryRetry() ? 1 : 0;
    }
    return granted;
  }

  @Test
  void grantsPercentOfTheRequestsPlusTheFloor() {
    RetryBudget budget = budget(0.2, 10, 1);
    for (int i = 0; i < 100; i++) {
      budget.requested(nanos);
    }

    assertThat(retriesGranted(budget, 1000)).isEqualTo(20 + 10);
    assertThat(budget.denied()).isEqualTo(1000 - 30);
  }

  @Test
  void theFloorAloneLetsAQuietRouteRetry() {
    RetryBudget budget = budget(0.2, 10, 1);

    assertThat(retriesGranted(budget, 50)).isEqualTo(10);
  }

  @Test
  void theWindowSlidesASecondAtATime() {
    RetryBudget budget = budget(0.5, 2, 0);
    for (int i = 0; i < 10; i++) {
      budget.requested(nanos);
    }
    assertThat(retriesGranted(budget, 10)).isEqualTo(5);

    nanos += 1_000_000_000L; // the requests and retries are one second old: still in the window
    assertThat(retriesGranted(budget, 10)).isZero();

    nanos += 1_000_000_000L; // now they are out of it
    budget.requested(nanos);
    budget.requested(nanos);
    assertThat(retriesGranted(budget, 10)).isEqualTo(1);
  }
}
