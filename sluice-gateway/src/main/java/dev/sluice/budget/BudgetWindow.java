package dev.sluice.budget;

import dev.sluice.api.GatewayError;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/** A budget's UTC calendar window: the day, the ISO week (from Monday), or the month. */
public enum BudgetWindow {
  DAY,
  WEEK,
  MONTH;

  public static BudgetWindow of(String per) {
    return switch (per) {
      case "day" -> DAY;
      case "week" -> WEEK;
      case "month" -> MONTH;
      default -> throw new IllegalArgumentException(
          "per: unknown window '" + per + "' (expected: day, week, month)");
    };
  }

  /** The start of the window that contains {@code now}. */
  public Instant start(Instant now) {
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    LocalDate first = switch (this) {
      case DAY -> day;
      case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> day.withDayOfMonth(1);
    };
    return first.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The start of the window after the one that contains {@code now}: when it renews. */
  public Instant next(Instant now) {
    LocalDate first = LocalDate.ofInstant(start(now), ZoneOffset.UTC);
    LocalDate next = switch (this) {
      case DAY -> first.plusDays(1);
      case WEEK -> first.plusWeeks(1);
      case MONTH -> first.plusMonths(1);
    };
    return next.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /**
   * The 429 for a budget of this window that cannot cover a request at {@code now}: it names
   * the budget, and its {@code Retry-After} is when the window renews (at least a second).
   */
  public GatewayError.BudgetExceeded exhausted(String budget, Instant now) {
    long seconds = Math.max(1, (java.time.Duration.between(now, next(now)).toMillis() + 999) / 1000);
    return new GatewayError.BudgetExceeded("Budget exhausted for " + budget
        + ". It renews at the start of the next " + word() + " (UTC).", seconds);
  }

  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
