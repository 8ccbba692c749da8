package dev.sluice.authorize;

import java.time.Duration;

/** Durations as OpenAI's rate-limit headers write them: {@code 20ms}, {@code 1s}, {@code 6m0s}. */
final class Durations {
  private Durations() {}

  static String format(Duration duration) {
    return formatMillis(duration.toMillis());
  }

  /**
   * {@link #format} of a number of nanoseconds, without a Duration made for it; a negative one
   * (a wait already over, read off a clock that moved on) is {@code 0ms}.
   */
  static String formatNanos(long nanos) {
    return formatMillis(Math.max(0, nanos) / 1_000_000);
  }

  private static String formatMillis(long millis) {
    if (millis < 1000) {
      return millis + "ms";
    }
    long seconds = (millis + 999) / 1000;
    if (seconds < 60) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      return minutes + "m" + seconds % 60 + "s";
    }
    return minutes / 60 + "h" + minutes % 60 + "m" + seconds % 60 + "s";
  }
}
