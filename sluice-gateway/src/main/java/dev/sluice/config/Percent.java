package dev.sluice.config;

/** A ratio written as {@code 50%} (or a plain number of percent), held as 0..1. */
public record Percent(double ratio) {
  public Percent {
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new IllegalArgumentException("percent: " + ratio * 100 + "% (expected: 0% to 100%)");
    }
  }
}
