package dev.sluice.config;

import dev.sluice.config.RetryConfig.Backoff;
import dev.sluice.config.RouteConfig.Match;
import dev.sluice.config.RouteConfig.Target;
import dev.sluice.config.RouteConfig.TokenRange;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** {@code routes[]}: match conditions, targets and their tiers, retry and timeout. */
final class RouteChecks {
  // RFC 9110 token characters: what a header name may hold.
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern STATUS = Pattern.compile("\\d{3}");

  private RouteChecks() {}

  static void check(SluiceConfig config, Findings findings) {
    Set<String> backends = config.backends().stream()
        .filter(Objects::nonNull).map(BackendConfig::name).filter(Objects::nonNull)
        .collect(Collectors.toSet());
    Map<String, Set<String>> projectsByTeam = AccessChecks.projectsByTeam(config.teams());
    Map<String, String> names = new HashMap<>();
    findings.eachItem("routes", config.routes(), (path, route) -> {
      findings.uniqueName(path, "name", route.name(), null, names);
      checkMatch(path + ".match", route.match(), projectsByTeam, findings);
      checkTargets(path + ".targets", route.targets(), backends, findings);
      checkRetry(path + ".retry", route.retry(), findings);
      findings.positive(path + ".timeout", route.timeout());
    });
    if (config.routes().isEmpty()) {
      findings.warning("routes", "none defined; every request is answered 404 model_not_found");
    }
  }

  private static void checkMatch(
      String path, Match match, Map<String, Set<String>> projectsByTeam, Findings findings) {
    findings.modelGlobs(path + ".models", match.models());
    findings.eachItem(path + ".teams", match.teams(), (teamPath, team) -> {
      if (!projectsByTeam.containsKey(team)) {
        findings.problem(teamPath, "unknown team '" + team + "'");
      }
    });
    checkProjects(path + ".projects", match, projectsByTeam, findings);
    match.headers().forEach((name, values) ->
        checkHeader(path + ".headers." + name, name, values, findings));
    if (match.promptTokens() != null) {
      checkTokenRange(path + ".promptTokens", match.promptTokens(), findings);
    }
  }

  /** With teams given, a project must belong to one of them; else to any team. */
  private static void checkProjects(
      String path, Match match, Map<String, Set<String>> projectsByTeam, Findings findings) {
    Set<String> projects = new HashSet<>();
    projectsByTeam.forEach((team, teamProjects) -> {
      if (match.teams().isEmpty() || match.teams().contains(team)) {
        projects.addAll(teamProjects);
      }
    });
    String scope = match.teams().isEmpty() ? "" : " (not a project of "
        + match.teams().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
    findings.eachItem(path, match.projects(), (projectPath, project) -> {
      if (!projects.contains(project)) {
        findings.problem(projectPath, "unknown project '" + project + "'" + scope);
      }
    });
  }

  private static void checkHeader(String path, String name, List<String> values, Findings findings) {
    if (!HEADER_NAME.matcher(name).matches()) {
      findings.problem(path, "invalid header name (expected letters, digits and '-', e.g. x-env)");
    } else if (values == null || values.isEmpty()) {
      findings.problem(path, "empty (expected: a value or a list of values)");
    } else {
      findings.eachItem(path, values, (valuePath, value) -> { }); // reports empty items only
    }
  }

  private static void checkTokenRange(String path, TokenRange range, Findings findings) {
    findings.atLeast(path + ".min", range.min(), 0);
    findings.atLeast(path + ".max", range.max(), 0);
    if (range.min() != null && range.max() != null && range.min() > range.max()) {
      findings.problem(path + ".max", range.max() + " (expected: >= min " + range.min() + ")");
    }
  }

  private static void checkTargets(
      String path, List<Target> targets, Set<String> backends, Findings findings) {
    if (targets.isEmpty()) {
      findings.problem(path, "empty (expected: at least one target)");
      return;
    }
    // Weighted choice within a tier needs some weight; a tier of zeros could never be chosen.
    Map<Integer, Boolean> tierHasWeight = new TreeMap<>();
    findings.eachItem(path, targets, (targetPath, target) -> {
      if (findings.required(targetPath + ".backend", target.backend())
          && !backends.contains(target.backend())) {
        findings.problem(targetPath + ".backend", "unknown backend '" + target.backend() + "'");
      }
      if (target.model() != null && target.model().isBlank()) {
        findings.problem(targetPath + ".model", "empty (omit model to send the requested model)");
      }
      findings.atLeast(targetPath + ".weight", target.weight(), 0);
      findings.atLeast(targetPath + ".priority", target.priority(), 0);
      tierHasWeight.merge(target.priority(), target.weight() > 0, Boolean::logicalOr);
    });
    tierHasWeight.forEach((tier, hasWeight) -> {
      if (!hasWeight) {
        findings.problem(path, "every target of priority " + tier
            + " has weight 0 (expected: at least one with weight > 0)");
      }
    });
  }

  private static void checkRetry(String path, RetryConfig retry, Findings findings) {
    findings.atLeast(path + ".maxAttempts", retry.maxAttempts(), 1);
    findings.eachItem(path + ".on", retry.on(), (conditionPath, condition) -> {
      if (!isRetryCondition(condition)) {
        findings.problem(conditionPath, "unknown condition '" + condition
            + "' (expected: an HTTP status 400 to 599, connect-failure or timeout)");
      }
    });
    RetryConfig.Budget budget = retry.budget();
    if (budget.window().toSeconds() < 1) {
      findings.problem(path + ".budget.window",
          ValueFormats.format(budget.window()) + " (expected: at least 1s)");
    }
    findings.atLeast(path + ".budget.minPerSecond", budget.minPerSecond(), 0);
    Backoff backoff = retry.backoff();
    findings.positive(path + ".backoff.initial", backoff.initial());
    if (backoff.max().compareTo(backoff.initial()) < 0) {
      findings.problem(path + ".backoff.max", ValueFormats.format(backoff.max())
          + " (expected: >= initial " + ValueFormats.format(backoff.initial()) + ")");
    }
    if (!(backoff.multiplier() >= 1)) { // also rejects NaN
      findings.problem(path + ".backoff.multiplier",
          ValueFormats.format(backoff.multiplier()) + " (expected: >= 1)");
    }
    if (!backoff.jitter().equals("full") && !backoff.jitter().equals("none")) {
      findings.problem(path + ".backoff.jitter",
          "unknown jitter '" + backoff.jitter() + "' (expected: full, none)");
    }
  }

  private static boolean isRetryCondition(String condition) {
    if (condition.equals("connect-failure") || condition.equals("timeout")) {
      return true;
    }
    if (!STATUS.matcher(condition).matches()) {
      return false;
    }
    int status = Integer.parseInt(condition);
    return status >= 400 && status <= 599;
  }
}
