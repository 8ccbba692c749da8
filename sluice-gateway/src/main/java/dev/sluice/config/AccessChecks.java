package dev.sluice.config;

import dev.sluice.config.TeamConfig.ProjectConfig;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code teams[]} and {@code keys[]}: who may call, with which limits and budgets. */
final class AccessChecks {
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final List<String> WINDOWS = List.of("day", "week", "month");

  private AccessChecks() {}

  /** Team name -> its project names, for cross-references; unnamed entries are skipped. */
  static Map<String, Set<String>> projectsByTeam(List<TeamConfig> teams) {
    Map<String, Set<String>> projectsByTeam = new LinkedHashMap<>();
    for (TeamConfig team : teams) {
      if (team == null || team.name() == null) {
        continue;
      }
      Set<String> projects = projectsByTeam.computeIfAbsent(team.name(), name -> new HashSet<>());
      for (ProjectConfig project : team.projects()) {
        if (project != null && project.name() != null) {
          projects.add(project.name());
        }
      }
    }
    return projectsByTeam;
  }

  static void checkTeams(List<TeamConfig> teams, Findings findings) {
    Map<String, String> names = new HashMap<>();
    findings.eachItem("teams", teams, (path, team) -> {
      findings.uniqueName(path, "name", team.name(), null, names);
      checkModels(path + ".models", team.models(), findings);
      checkLimits(path + ".limits", team.limits(), findings);
      checkBudget(path + ".budget", team.budget(), findings);
      Map<String, String> projectNames = new HashMap<>();
      findings.eachItem(path + ".projects", team.projects(), (projectPath, project) -> {
        findings.uniqueName(projectPath, "name", project.name(), null, projectNames);
        checkLimits(projectPath + ".limits", project.limits(), findings);
        checkBudget(projectPath + ".budget", project.budget(), findings);
      });
    });
  }

  static void checkKeys(List<KeyConfig> keys, List<TeamConfig> teams, Findings findings) {
    Map<String, Set<String>> projectsByTeam = projectsByTeam(teams);
    Map<String, String> ids = new HashMap<>();
    Map<String, String> hashes = new HashMap<>();
    Map<String, String> plaintexts = new HashMap<>();
    findings.eachItem("keys", keys, (path, key) -> {
      findings.uniqueName(path, "id", key.id(), KEY_ID, ids);
      checkSecret(path, key, hashes, plaintexts, findings);
      checkOwnership(path, key, projectsByTeam, findings);
      checkModels(path + ".models", key.models(), findings);
      checkLimits(path + ".limits", key.limits(), findings);
      checkBudget(path + ".budget", key.budget(), findings);
    });
  }

  /** The key itself is never printed: not in problems, not in warnings. */
  private static void checkSecret(
      String path,
      KeyConfig key,
      Map<String, String> hashes,
      Map<String, String> plaintexts,
      Findings findings) {
    boolean hasHash = !Findings.isBlank(key.hash());
    boolean hasPlaintext = !Findings.isBlank(key.key());
    if (hasHash == hasPlaintext) {
      findings.problem(path, "exactly one of hash or key");
    }
    if (hasHash) {
      if (!HASH.matcher(key.hash()).matches()) {
        findings.problem(path + ".hash", "invalid hash (expected: sha256: and 64 lowercase hex digits,"
            + " as printed by 'sluice hash-key')");
      } else {
        String first = hashes.putIfAbsent(key.hash(), path);
        if (first != null) {
          findings.problem(path + ".hash", "same hash as " + first);
        }
      }
    }
    if (hasPlaintext) {
      findings.warning(path + ".key",
          "plaintext key in config; store 'sha256:…' from 'sluice hash-key' instead");
      String first = plaintexts.putIfAbsent(key.key(), path);
      if (first != null) {
        findings.problem(path + ".key", "same key as " + first);
      }
    }
  }

  private static void checkOwnership(
      String path, KeyConfig key, Map<String, Set<String>> projectsByTeam, Findings findings) {
    if (key.team() == null) {
      if (key.project() != null) {
        findings.problem(path + ".project", "needs a team (a project belongs to a team; set team)");
      }
    } else if (!projectsByTeam.containsKey(key.team())) {
      findings.problem(path + ".team", "unknown team '" + key.team() + "'");
    } else if (key.project() != null && !projectsByTeam.get(key.team()).contains(key.project())) {
      findings.problem(path + ".project",
          "unknown project '" + key.project() + "' of team '" + key.team() + "'");
    }
  }

  /** Absent models allow every model (of the team, for a key); an empty list allows none. */
  private static void checkModels(String path, List<String> models, Findings findings) {
    if (models == null) {
      return;
    }
    if (models.isEmpty()) {
      findings.warning(path, "empty list: no model is allowed (omit models to allow all)");
    }
    findings.modelGlobs(path, models);
  }

  private static void checkLimits(String path, List<LimitConfig> limits, Findings findings) {
    findings.eachItem(path, limits, (limitPath, limit) -> {
      if ((limit.requests() == null) == (limit.tokens() == null)) {
        findings.problem(limitPath, "exactly one of requests or tokens");
      }
      findings.positive(limitPath + ".requests", limit.requests());
      findings.positive(limitPath + ".tokens", limit.tokens());
      if (findings.required(limitPath + ".per", limit.per(), "required (e.g. per: 1m)")) {
        findings.positive(limitPath + ".per", limit.per());
      }
    });
  }

  private static void checkBudget(String path, BudgetConfig budget, Findings findings) {
    if (budget == null) {
      return;
    }
    if (findings.required(path + ".usd", budget.usd()) && budget.usd().signum() <= 0) {
      findings.problem(path + ".usd", budget.usd().toPlainString() + " (expected: > 0)");
    }
    if (findings.required(path + ".per", budget.per(), "required (expected: day, week, month)")
        && !WINDOWS.contains(budget.per())) {
      findings.problem(path + ".per",
          "unknown window '" + budget.per() + "' (expected: day, week, month)");
    }
  }
}
