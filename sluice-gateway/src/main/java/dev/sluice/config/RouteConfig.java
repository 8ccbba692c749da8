package dev.sluice.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code routes[]}: first matching route wins; its targets are tried by tier, then weight. */
public record RouteConfig(
    String name, Match match, List<Target> targets, RetryConfig retry, Duration timeout) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  public RouteConfig {
    match = match == null ? new Match(null, null, null, null, null) : match;
    targets = Lists.copy(targets);
    retry = retry == null ? RetryConfig.defaults() : retry;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
  }

  /**
   * Every condition given must hold; a list means any of its items. Header values may be a
   * single string or a list. An absent condition matches everything.
   */
  public record Match(
      List<String> models,
      List<String> teams,
      List<String> projects,
      Map<String, List<String>> headers,
      TokenRange promptTokens) {
    public Match {
      models = Lists.copy(models);
      teams = Lists.copy(teams);
      projects = Lists.copy(projects);
      headers = Lists.copy(headers);
    }
  }

  /** Inclusive bounds on the estimated prompt tokens; either side may be absent. */
  public record TokenRange(Long min, Long max) {}

  /** One place a request may go; {@code model} overrides the requested model upstream. */
  public record Target(String backend, String model, Integer weight, Integer priority) {
    public Target {
      weight = weight == null ? 1 : weight;
      priority = priority == null ? 0 : priority;
    }
  }
}
