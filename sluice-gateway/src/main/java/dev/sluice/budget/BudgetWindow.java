package dev.sluice.budget;

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

  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
