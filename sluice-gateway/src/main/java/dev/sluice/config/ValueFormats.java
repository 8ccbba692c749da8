package dev.sluice.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The config's value notations: durations ({@code 250ms}, {@code 2s}), byte sizes
 * ({@code 64KiB}, {@code 10MB}) and percentages ({@code 50%}). Parsers throw
 * {@link IllegalArgumentException} whose message is the reason a user sees after the path;
 * formatters print values back in the same notation for messages.
 */
final class ValueFormats {
  static final String DURATION_EXAMPLES = "expected e.g. 250ms, 2s, 1m, 1h, 1d";
  static final String SIZE_EXAMPLES = "expected e.g. 512, 64KiB, 10MiB, 1GiB, 10MB";
  static final String PERCENT_EXAMPLES = "expected 0% to 100%, e.g. 50%";

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([A-Za-z]*)");
  private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%?");

  // Decimal units are powers of 1000 and binary units powers of 1024, as in IEC 80000-13.
  private static final Map<String, Long> SIZE_UNITS = Map.of(
      "", 1L, "B", 1L,
      "KB", 1_000L, "MB", 1_000_000L, "GB", 1_000_000_000L, "TB", 1_000_000_000_000L,
      "KIB", 1L << 10, "MIB", 1L << 20, "GIB", 1L << 30, "TIB", 1L << 40);

  private ValueFormats() {}

  static Duration parseDuration(String text) {
    String trimmed = text.strip();
    Matcher matcher = DURATION.matcher(trimmed);
    if (!matcher.matches()) {
      // A bare number is the most likely slip; say what is missing rather than just "invalid".
      String hint = trimmed.matches("\\d+") ? ": missing unit" : "";
      throw new IllegalArgumentException(
          "invalid duration '" + text + "'" + hint + " (" + DURATION_EXAMPLES + ")");
    }
    ChronoUnit unit = switch (matcher.group(2)) {
      case "ms" -> ChronoUnit.MILLIS;
      case "s" -> ChronoUnit.SECONDS;
      case "m" -> ChronoUnit.MINUTES;
      case "h" -> ChronoUnit.HOURS;
      default -> ChronoUnit.DAYS;
    };
    try {
      return Duration.of(Long.parseLong(matcher.group(1)), unit);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("invalid duration '" + text + "': too large");
    }
  }

  static ByteSize parseSize(String text) {
    Matcher matcher = SIZE.matcher(text.strip());
    Long unit = matcher.matches() ? SIZE_UNITS.get(matcher.group(2).toUpperCase(Locale.ROOT)) : null;
    if (unit == null) {
      throw new IllegalArgumentException("invalid size '" + text + "' (" + SIZE_EXAMPLES + ")");
    }
    try {
      return new ByteSize(Math.multiplyExact(Long.parseLong(matcher.group(1)), unit));
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("invalid size '" + text + "': too large");
    }
  }

  /** {@code 50%}, or a plain number of percent: {@code 50} and {@code 12.5} are percent, not ratios. */
  static Percent parsePercent(String text) {
    Matcher matcher = PERCENT.matcher(text.strip());
    if (matcher.matches()) {
      double percent = Double.parseDouble(matcher.group(1));
      if (percent <= 100) {
        return new Percent(percent / 100);
      }
    }
    throw new IllegalArgumentException("invalid percentage '" + text + "' (" + PERCENT_EXAMPLES + ")");
  }

  /** Prints a duration in the largest exact unit: {@code 100ms}, {@code 2s}, {@code 1m}. */
  static String format(Duration duration) {
    if (duration.isNegative()) {
      return "-" + format(duration.negated());
    }
    if (duration.toNanosPart() % 1_000_000 != 0 || duration.getSeconds() > Long.MAX_VALUE / 1000) {
      return duration.toString(); // not a whole number of milliseconds, or too large to hold them
    }
    long millis = duration.toMillis();
    if (millis == 0) {
      return "0s";
    }
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (millis % sizes[i] == 0) {
        return millis / sizes[i] + units[i];
      }
    }
    return millis + "ms";
  }

  static String format(Percent percent) {
    return format(percent.ratio() * 100) + "%";
  }

  /** Numbers as written in YAML: {@code 2} rather than {@code 2.0}. */
  static String format(double number) {
    if (Double.isNaN(number) || Double.isInfinite(number)) {
      return Double.toString(number);
    }
    return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
  }
}
