package dev.sluice.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void writesDurationsAsOpenAiHeadersDo() {
    assertThat(Durations.format(Duration.ofMillis(20))).isEqualTo("20ms");
    assertThat(Durations.format(Duration.ofMillis(1_001))).isEqualTo("2s"); // rounded up past 1 s
    assertThat(Durations.format(Duration.ofSeconds(360))).isEqualTo("6m0s");
    assertThat(Durations.format(Duration.ofSeconds(3_725))).isEqualTo("1h2m5s");
  }

  @Test
  void nanosecondsFormatAsTheirDurationDoes() {
    Random random = new Random(3);
    for (int i = 0; i < 10_000; i++) {
      long nanos = random.nextLong(0, Duration.ofHours(30).toNanos()) >> random.nextInt(40);
      assertThat(Durations.formatNanos(nanos)).isEqualTo(Durations.format(Duration.ofNanos(nanos)));
    }
    // A wait already over (the clock read after the decision) is no wait, never "-5ms".
    assertThat(Durations.formatNanos(-5_000_000)).isEqualTo("0ms");
  }
}
