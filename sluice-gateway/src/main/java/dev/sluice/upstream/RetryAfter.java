package dev.sluice.upstream;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parses an HTTP {@code Retry-After}: delta-seconds, or an HTTP-date. */
final class RetryAfter {
  private RetryAfter() {}

  /** The delay it asks for, or null when absent or unreadable. Never negative. */
  static Duration parse(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration delay = Duration.between(now, at);
        return delay.isNegative() ? Duration.ZERO : delay;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }
}
