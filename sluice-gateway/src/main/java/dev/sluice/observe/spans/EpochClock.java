package dev.sluice.observe.spans;

import java.time.Instant;

/**
 * Span timestamps: the wall clock read at most once a second, and {@link System#nanoTime} from
 * there, as the OpenTelemetry SDK anchors a trace's clock. A span starts on every traced request,
 * and reading the wall clock ({@code Instant.now()}) there showed in profiles; between two reads
 * the two clocks drift apart by microseconds at most, and a step of the wall clock (NTP) shows
 * within a second.
 */
public final class EpochClock {
  private static final long REFRESH_NANOS = 1_000_000_000L;

  private record Anchor(long epochNanos, long nanoTime) {}

  private static volatile Anchor anchor = read();

  private EpochClock() {}

  /** The wall-clock time, in nanoseconds since the epoch, at {@code nanoTime} (a recent one). */
  public static long epochNanos(long nanoTime) {
    Anchor current = anchor;
    if (nanoTime - current.nanoTime() > REFRESH_NANOS) {
      current = read(); // racing threads each read: either anchor is right
      anchor = current;
    }
    return current.epochNanos() + (nanoTime - current.nanoTime());
  }

  private static Anchor read() {
    Instant now = Instant.now();
    long nanoTime = System.nanoTime();
    return new Anchor(now.getEpochSecond() * 1_000_000_000L + now.getNano(), nanoTime);
  }
}
