package dev.sluice.route;

import dev.sluice.authenticate.Principal;
import dev.sluice.config.RouteConfig;
import dev.sluice.pipeline.RequestHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * One route rule, compiled from config: its conditions (an empty condition matches everything),
 * its targets grouped into priority tiers, and its retry policy and timeout.
 */
public final class CompiledRoute {
  private final String name;
  private final List<Glob> models;
  private final Set<String> teams;
  private final Set<String> projects;
  private final Map<String, Set<String>> headers; // lower-case header name -> accepted values
  private final long minPromptTokens;
  private final long maxPromptTokens;
  private final List<List<Target>> tiers; // by ascending priority
  private final RetryPolicy retry;
  private final RetryBudget retryBudget;
  private final Duration timeout;

  private CompiledRoute(RouteConfig config) {
    RouteConfig.Match match = config.match();
    this.name = config.name();
    this.models = match.models().stream().map(Glob::of).toList();
    this.teams = Set.copyOf(match.teams());
    this.projects = Set.copyOf(match.projects());
    this.headers = match.headers().entrySet().stream()
        .collect(Collectors.toUnmodifiableMap(
            e -> e.getKey().toLowerCase(Locale.ROOT), e -> Set.copyOf(e.getValue())));
    RouteConfig.TokenRange range = match.promptTokens();
    this.minPromptTokens = range == null || range.min() == null ? Long.MIN_VALUE : range.min();
    this.maxPromptTokens = range == null || range.max() == null ? Long.MAX_VALUE : range.max();
    this.tiers = tiersOf(config.targets());
    this.retry = RetryPolicy.of(config.retry());
    this.retryBudget = RetryBudget.of(config.retry().budget());
    this.timeout = config.timeout();
  }

  public static CompiledRoute of(RouteConfig config) {
    return new CompiledRoute(config);
  }

  private static List<List<Target>> tiersOf(List<RouteConfig.Target> targets) {
    TreeMap<Integer, List<Target>> byPriority = new TreeMap<>();
    for (RouteConfig.Target t : targets) {
      byPriority.computeIfAbsent(t.priority(), p -> new ArrayList<>())
          .add(new Target(t.backend(), t.model(), t.weight(), t.priority()));
    }
    return byPriority.values().stream().map(List::copyOf).toList();
  }

  public String name() {
    return name;
  }

  public List<Glob> models() {
    return models;
  }

  public List<List<Target>> tiers() {
    return tiers;
  }

  public RetryPolicy retry() {
    return retry;
  }

  public RetryBudget retryBudget() {
    return retryBudget;
  }

  public Duration timeout() {
    return timeout;
  }

  /** True when the route has a prompt-token condition (estimating costs a tokenizer pass). */
  public boolean needsPromptTokens() {
    return minPromptTokens != Long.MIN_VALUE || maxPromptTokens != Long.MAX_VALUE;
  }

  public boolean matchesModel(String model) {
    if (models.isEmpty()) {
      return true;
    }
    for (Glob glob : models) {
      if (glob.matches(model)) {
        return true;
      }
    }
    return false;
  }

  /** True when the principal's team and project may use this route (ignores request details). */
  public boolean admits(Principal principal) {
    return (teams.isEmpty() || (principal.team() != null && teams.contains(principal.team())))
        && (projects.isEmpty()
            || (principal.project() != null && projects.contains(principal.project())));
  }

  /**
   * Every condition, cheapest first; the prompt-token estimate is asked for only when all
   * other conditions hold.
   */
  public boolean matches(
      String model, Principal principal, RequestHeaders requestHeaders, LongSupplier promptTokens) {
    if (!matchesModel(model) || !admits(principal)) {
      return false;
    }
    for (Map.Entry<String, Set<String>> condition : headers.entrySet()) {
      String value = requestHeaders.get(condition.getKey());
      if (value == null || !condition.getValue().contains(value)) {
        return false;
      }
    }
    if (needsPromptTokens()) {
      long tokens = promptTokens.getAsLong();
      return tokens >= minPromptTokens && tokens <= maxPromptTokens;
    }
    return true;
  }
}
