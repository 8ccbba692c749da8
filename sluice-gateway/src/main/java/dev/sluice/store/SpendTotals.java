package dev.sluice.store;

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
