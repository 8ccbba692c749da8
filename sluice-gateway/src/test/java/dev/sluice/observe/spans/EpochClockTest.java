package dev.sluice.observe.spans;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EpochClockTest {
  @Test
  void readsTheWallClockAndMovesWithNanoTime() throws Exception {
    long before = epochNanos(Instant.now());
    long start = System.nanoTime();
    long atStart = EpochClock.epochNanos(start);
    Thread.sleep(1_200); // past the anchor's refresh
    long later = System.nanoTime();
    long atLater = EpochClock.epochNanos(later);
    long after = epochNanos(Instant.now());

    assertThat(atStart).isBetween(before - 2_000_000, after); // within the wall clock's reads
    assertThat(atLater).isBetween(atStart, after + 2_000_000);
    // the distance between the two is the nanoTime distance, to the anchor's refresh
    assertThat(Math.abs((atLater - atStart) - (later - start))).isLessThan(2_000_000);
  }

  private static long epochNanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
