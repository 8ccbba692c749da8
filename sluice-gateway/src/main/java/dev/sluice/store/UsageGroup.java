package dev.sluice.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** A groupBy name of {@code /admin/usage} and the SQL expression it groups the ledger by. */
enum UsageGroup {
  TEAM("team", "team", "NULLIF(team, '')"),
  // Projects are named within their team: "search" of team a is not "search" of team b.
  PROJECT("project", "team || '/' || project", "NULLIF(team, '') || '/' || NULLIF(project, '')"),
  KEY("key", "key_id", "NULLIF(key_id, '')"),
  MODEL("model", "model", "NULLIF(model, '')"),
  BACKEND("backend", "backend", "NULLIF(backend, '')"),
  DAY("day", "strftime('%Y-%m-%d', ts / 1000, 'unixepoch')",
      "to_char(to_timestamp(ts / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
      "strftime('%Y-%m-%d', day * 86400, 'unixepoch')",
      "to_char(to_timestamp(day * 86400) AT TIME ZONE 'UTC', 'YYYY-MM-DD')");

  static final List<String> NAMES = Arrays.stream(values()).map(g -> g.label).toList();

  private final String label;
  /** The expression over the ledger in SQLite, and in PostgreSQL. */
  final String sql;
  final String pgSql;
  /**
   * The expression over the daily rollup, SQLite's {@code ledger_daily} (see {@link DailyRollup})
   * and PostgreSQL's {@code sluice_ledger_daily}: names stored as '' read as NULL.
   */
  final String dailySql;
  final String pgDailySql;

  UsageGroup(String label, String sql, String dailySql) {
    this(label, sql, sql, dailySql, dailySql);
  }

  UsageGroup(String label, String sql, String pgSql, String dailySql, String pgDailySql) {
    this.label = label;
    this.sql = sql;
    this.pgSql = pgSql;
    this.dailySql = dailySql;
    this.pgDailySql = pgDailySql;
  }

  /** This group's columns over the records and the rollup, in the dialect's SQL. */
  LedgerRange.Column column(LedgerRange.Dialect dialect) {
    return dialect == LedgerRange.Dialect.SQLITE ? new LedgerRange.Column(sql, dailySql)
        : new LedgerRange.Column(pgSql, pgDailySql);
  }

  /** The groups named, in the caller's order. */
  static List<UsageGroup> parse(List<String> names) {
    List<UsageGroup> groups = new ArrayList<>(names.size());
    Set<UsageGroup> seen = EnumSet.noneOf(UsageGroup.class);
    for (String name : names) {
      UsageGroup group = Arrays.stream(values()).filter(g -> g.label.equals(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException(
              "groupBy: \"" + name + "\" (expected any of: " + String.join(", ", NAMES) + ")"));
      if (!seen.add(group)) {
        throw new IllegalArgumentException(
            "groupBy: \"" + name + "\" given twice (expected each at most once)");
      }
      groups.add(group);
    }
    return groups;
  }
}
