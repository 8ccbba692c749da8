package dev.sluice.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Spend in nano-USD summed from the ledger since some instant, per key id, per project and per
 * team: what budgets start from after a restart. Projects are named within their team, so they
 * are keyed {@code team/project} ({@link #projectKey}).
 */
public record SpendTotals(Map<String, Long> byKey, Map<String, Long> byProject, Map<String, Long> byTeam) {

  public static final SpendTotals NONE = new SpendTotals(Map.of(), Map.of(), Map.of());

  public SpendTotals {
    byKey = Map.copyOf(byKey);
    byProject = Map.copyOf(byProject);
    byTeam = Map.copyOf(byTeam);
  }

  /**
   * Sums ledger rows (or per-scope subtotals) three ways; the SQLite and PostgreSQL ledgers feed
   * it the rows of their {@code GROUP BY key_id, team, project}.
   */
  static final class Builder {
    private final Map<String, Long> byKey = new HashMap<>();
    private final Map<String, Long> byProject = new HashMap<>();
    private final Map<String, Long> byTeam = new HashMap<>();

    void add(String keyId, String team, String project, long costNanos) {
      if (keyId != null) {
        byKey.merge(keyId, costNanos, Long::sum);
      }
      if (team != null) {
        byTeam.merge(team, costNanos, Long::sum);
        if (project != null) {
          byProject.merge(projectKey(team, project), costNanos, Long::sum);
        }
      }
    }

    SpendTotals build() {
      return new SpendTotals(byKey, byProject, byTeam);
    }
  }

  /**
   * An instant as the ledgers' {@code ts} (epoch millis), clamped: {@code Instant.MIN} and
   * {@code MAX} are valid bounds to pass.
   */
  static long epochMillis(Instant t) {
    try {
      return t.toEpochMilli();
    } catch (ArithmeticException e) {
      return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** The key of a project in {@link #byProject()}. */
  public static String projectKey(String team, String project) {
    return team + "/" + project;
  }

  public long key(String keyId) {
    return keyId == null ? 0 : byKey.getOrDefault(keyId, 0L);
  }

  public long project(String team, String project) {
    return team == null || project == null ? 0 : byProject.getOrDefault(projectKey(team, project), 0L);
  }

  public long team(String team) {
    return team == null ? 0 : byTeam.getOrDefault(team, 0L);
  }
}
