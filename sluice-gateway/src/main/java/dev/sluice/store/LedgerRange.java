package dev.sluice.store;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * How a ledger sums a time range {@code [from, to)}: the whole UTC days inside it from its daily
 * rollup, and the part of a day at either end from that day's records alone. A month of
 * spend, or of usage, is then some thirty rollup rows a group, not a month of records.
 *
 * <p>The embedded store has no index on the records' time (it cost the writer a B-tree insert
 * per record, see {@link DailyRollup}), but {@code ledger_daily} keeps each day's first and last
 * entry id, and the entry id is the records' primary key: a day's records are one range of it,
 * read without touching the rest of the ledger. PostgreSQL's records are indexed by time.
 */
final class LedgerRange {
  /**
   * A column of the result: its expression over the records and over the daily rollup; for a
   * sum, the aggregate over each.
   */
  record Column(String records, String daily) {}

  /** What spend is summed by: key, team, project; names the rollup stores as '' read as NULL. */
  static final List<Column> SPEND_GROUPS = List.of(
      new Column("key_id", "NULLIF(key_id, '')"),
      new Column("team", "NULLIF(team, '')"),
      new Column("project", "NULLIF(project, '')"));
  static final List<Column> SPEND_SUMS = List.of(
      new Column("sum(cost_nanos)", "sum(cost_nanos)"));
  /** Requests, input, output and cached input tokens, cost: unknown token counts as 0. */
  static final List<Column> USAGE_SUMS = List.of(
      new Column("count(*)", "sum(requests)"),
      new Column("sum(input_tokens)", "sum(input_tokens)"),
      new Column("sum(output_tokens)", "sum(output_tokens)"),
      new Column("sum(cached_input_tokens)", "sum(cached_input_tokens)"),
      new Column("sum(cost_nanos)", "sum(cost_nanos)"));

  /** A query and its parameters, in order. */
  record Query(String sql, List<Long> parameters) {}

  /** What differs between the embedded store's SQL and PostgreSQL's. */
  enum Dialect {
    /** SQLite: the view {@code ledger}, {@code ledger_daily}, {@code ?} parameters. */
    SQLITE("ledger_daily", "", "") {
      @Override
      String partOfADay(List<Long> parameters, long day, long from, long to) {
        parameters.addAll(List.of(day, day, from, to));
        // A day without rollup rows has no records, and its NULL bounds select none.
        return "ledger WHERE entry_id BETWEEN"
            + " (SELECT min(first_entry) FROM ledger_daily WHERE day = ?)"
            + " AND (SELECT max(last_entry) FROM ledger_daily WHERE day = ?)"
            + " AND ts >= ? AND ts < ?";
      }
    },
    /**
     * PostgreSQL: {@code sluice_ledger} and {@code sluice_ledger_daily}, {@code $n} parameters;
     * its sums are {@code numeric}, cast back, and its NULLs sort last unless told.
     */
    POSTGRES("sluice_ledger_daily", "::bigint", " NULLS FIRST") {
      @Override
      String partOfADay(List<Long> parameters, long day, long from, long to) {
        parameters.addAll(List.of(from, to));
        return "sluice_ledger WHERE ts >= ? AND ts < ?"; // its index on ts finds them
      }
    };

    final String daily;
    final String sumCast;
    final String nullsFirst;

    Dialect(String daily, String sumCast, String nullsFirst) {
      this.daily = daily;
      this.sumCast = sumCast;
      this.nullsFirst = nullsFirst;
    }

    /** The records of {@code [from, to)}, which lies inside {@code day}: a FROM and WHERE. */
    abstract String partOfADay(List<Long> parameters, long day, long from, long to);

    String placeholders(String sql) {
      if (this == SQLITE) {
        return sql;
      }
      StringBuilder out = new StringBuilder(sql.length() + 16);
      int n = 0;
      for (int i = 0; i < sql.length(); i++) {
        char c = sql.charAt(i);
        if (c == '?') {
          out.append('$').append(++n);
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }
  }

  private LedgerRange() {}

  /**
   * {@code SELECT} the groups and the sums over {@code [fromMillis, toMillis)}, one row per group,
   * ordered by the groups (NULL first); one row with the sums as 0 when there are no groups and
   * no records. {@link Long#MIN_VALUE} and {@link Long#MAX_VALUE} are open ends. The
   * expressions are constants of this package, never caller text.
   */
  static Query select(Dialect dialect, List<Column> groups, List<Column> sums, long fromMillis,
      long toMillis) {
    List<String> parts = new ArrayList<>();
    List<Long> parameters = new ArrayList<>();
    long firstMidnight = ceilToDay(fromMillis);
    long lastMidnight = floorToDay(toMillis);
    if (firstMidnight <= lastMidnight) {
      if (firstMidnight < lastMidnight) {
        parts.add(part(groups, sums, true, dialect.daily + " WHERE day >= ? AND day < ?"));
        parameters.add(DailyRollup.day(firstMidnight));
        parameters.add(DailyRollup.day(lastMidnight));
      }
      if (fromMillis < firstMidnight) {
        parts.add(partOfADay(dialect, groups, sums, fromMillis, firstMidnight, parameters));
      }
      if (lastMidnight < toMillis) {
        parts.add(partOfADay(dialect, groups, sums, lastMidnight, toMillis, parameters));
      }
    } else if (fromMillis < toMillis) { // both ends inside one day
      parts.add(partOfADay(dialect, groups, sums, fromMillis, toMillis, parameters));
    }
    if (parts.isEmpty()) { // an empty range: no day, so that no groups still give their row of 0s
      parts.add(part(groups, sums, true, dialect.daily + " WHERE 1 = 0"));
    }

    List<String> select = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      select.add("g" + i);
    }
    for (int i = 0; i < sums.size(); i++) {
      select.add("coalesce(sum(s" + i + "), 0)" + dialect.sumCast);
    }
    String sql = "SELECT " + String.join(", ", select) + " FROM ("
        + String.join(" UNION ALL ", parts) + ") AS parts"
        + (groups.isEmpty() ? "" : " GROUP BY " + groupNames(groups, "")
            + " ORDER BY " + groupNames(groups, dialect.nullsFirst));
    return new Query(dialect.placeholders(sql), List.copyOf(parameters));
  }

  private static String partOfADay(Dialect dialect, List<Column> groups, List<Column> sums,
      long from, long to, List<Long> parameters) {
    long day = Math.floorDiv(from, DailyRollup.DAY_MILLIS);
    return part(groups, sums, false, dialect.partOfADay(parameters, day, from, to));
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
    // Grouped by position: PostgreSQL does not take an output column's alias in an expression.
    return "SELECT " + String.join(", ", select) + " FROM " + from
        + (groups.isEmpty() ? "" : " GROUP BY " + IntStream.rangeClosed(1, groups.size())
            .mapToObj(Integer::toString).collect(Collectors.joining(", ")));
  }

  private static String groupNames(List<Column> groups, String suffix) {
    return IntStream.range(0, groups.size()).mapToObj(i -> "g" + i + suffix)
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
