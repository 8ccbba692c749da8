package dev.sluice.store;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * How the embedded ledger sums a time range {@code [from, to)}: the whole UTC days inside it from
 * {@code ledger_daily}, and the part of a day at either end from that day's records alone.
 * Nothing indexes the records' time (an index cost the writer a B-tree insert per record, see
 * {@link DailyRollup}), but {@code ledger_daily} keeps each day's first and last entry id, and
 * the entry id is the records' primary key: a day's records are one range of it, read without
 * touching the rest of the ledger. So "the last hour" reads about an hour of records, and "the
 * last 30 days, to now" thirty days of rollup rows and two part-days of records.
 */
final class LedgerRange {
  /**
   * A column of the result: its expression over the records (the view {@code ledger}) and over
   * {@code ledger_daily}; for a sum, the aggregate over each.
   */
  record Column(String records, String daily) {}

  /** A query and its parameters, in order. */
  record Query(String sql, List<Long> parameters) {}

  private LedgerRange() {}

  /**
   * {@code SELECT} the groups and the sums over {@code [fromMillis, toMillis)}, one row per group,
   * ordered by the groups; one row with the sums as 0 when there are no groups and no records.
   * {@link Long#MIN_VALUE} and {@link Long#MAX_VALUE} are open ends. The expressions are
   * constants of this package, never caller text.
   */
  static Query select(List<Column> groups, List<Column> sums, long fromMillis, long toMillis) {
    List<String> parts = new ArrayList<>();
    List<Long> parameters = new ArrayList<>();
    long firstMidnight = ceilToDay(fromMillis);
    long lastMidnight = floorToDay(toMillis);
    if (firstMidnight <= lastMidnight) {
      if (firstMidnight < lastMidnight) {
        parts.add(part(groups, sums, true, "ledger_daily WHERE day >= ? AND day < ?"));
        parameters.add(DailyRollup.day(firstMidnight));
        parameters.add(DailyRollup.day(lastMidnight));
      }
      if (fromMillis < firstMidnight) {
        partOfADay(groups, sums, fromMillis, firstMidnight, parts, parameters);
      }
      if (lastMidnight < toMillis) {
        partOfADay(groups, sums, lastMidnight, toMillis, parts, parameters);
      }
    } else if (fromMillis < toMillis) { // both ends inside one day
      partOfADay(groups, sums, fromMillis, toMillis, parts, parameters);
    }
    if (parts.isEmpty()) { // an empty range: no day, so that no groups still give their row of 0s
      parts.add(part(groups, sums, true, "ledger_daily WHERE 0"));
    }

    List<String> select = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      select.add("g" + i);
    }
    for (int i = 0; i < sums.size(); i++) {
      select.add("coalesce(sum(s" + i + "), 0)");
    }
    String groupNames = groupNames(groups);
    String sql = "SELECT " + String.join(", ", select) + " FROM ("
        + String.join(" UNION ALL ", parts) + ")"
        + (groups.isEmpty() ? "" : " GROUP BY " + groupNames + " ORDER BY " + groupNames);
    return new Query(sql, List.copyOf(parameters));
  }

  /**
   * The records of {@code [from, to)}, which lies inside one day: the entry ids the day's rollup
   * rows hold bound the scan; the time selects within it. A day without rollup rows has no
   * records, and its NULL bounds select none.
   */
  private static void partOfADay(List<Column> groups, List<Column> sums, long from, long to,
      List<String> parts, List<Long> parameters) {
    parts.add(part(groups, sums, false, "ledger WHERE entry_id BETWEEN"
        + " (SELECT min(first_entry) FROM ledger_daily WHERE day = ?)"
        + " AND (SELECT max(last_entry) FROM ledger_daily WHERE day = ?)"
        + " AND ts >= ? AND ts < ?"));
    long day = Math.floorDiv(from, DailyRollup.DAY_MILLIS);
    parameters.add(day);
    parameters.add(day);
    parameters.add(from);
    parameters.add(to);
  }

  private static String part(List<Column> groups, List<Column> sums, boolean daily, String from) {
    List<String> select = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      Column g = groups.get(i);
      select.add((daily ? g.daily() : g.records()) + " AS g" + i);
    }
    for (int i = 0; i < sums.size(); i++) {
      Column s = sums.get(i);
      select.add((daily ? s.daily() : s.records()) + " AS s" + i);
    }
    return "SELECT " + String.join(", ", select) + " FROM " + from
        + (groups.isEmpty() ? "" : " GROUP BY " + groupNames(groups));
  }

  private static String groupNames(List<Column> groups) {
    return IntStream.range(0, groups.size()).mapToObj(i -> "g" + i)
        .collect(Collectors.joining(", "));
  }

  /** The first UTC midnight at or after {@code millis}; open ends stay open. */
  static long ceilToDay(long millis) {
    if (DailyRollup.isDayEdge(millis)) {
      return millis;
    }
    long day = Math.floorDiv(millis, DailyRollup.DAY_MILLIS) + 1;
    return day > Long.MAX_VALUE / DailyRollup.DAY_MILLIS ? Long.MAX_VALUE : day * DailyRollup.DAY_MILLIS;
  }

  /** The last UTC midnight at or before {@code millis}; open ends stay open. */
  static long floorToDay(long millis) {
    if (DailyRollup.isDayEdge(millis)) {
      return millis;
    }
    long day = Math.floorDiv(millis, DailyRollup.DAY_MILLIS);
    return day < Long.MIN_VALUE / DailyRollup.DAY_MILLIS ? Long.MIN_VALUE : day * DailyRollup.DAY_MILLIS;
  }
}
