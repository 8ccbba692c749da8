package dev.sluice.authorize;

import dev.sluice.config.KeyConfig;
import dev.sluice.config.LimitConfig;
import dev.sluice.config.TeamConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds each key's {@link KeyPolicy} from the teams and keys of the configuration. */
final class Policies {
  private Policies() {}

  static Map<String, KeyPolicy> of(
      List<TeamConfig> teams, List<KeyConfig> keys, LimiterRegistry registry, long nowNanos) {
    Map<String, TeamConfig> teamsByName = new HashMap<>();
    teams.forEach(team -> teamsByName.put(team.name(), team));
    Map<String, KeyPolicy> policies = HashMap.newHashMap(keys.size());
    for (KeyConfig key : keys) {
      TeamConfig team = key.team() == null ? null : teamsByName.get(key.team());
      List<Limit> limits = new ArrayList<>();
      add(limits, "key '" + key.id() + "'", key.limits(), registry, nowNanos);
      if (team != null) {
        for (TeamConfig.ProjectConfig project : team.projects()) {
          if (project.name().equals(key.project())) {
            add(limits, "project '" + team.name() + "/" + project.name() + "'", project.limits(),
                registry, nowNanos);
          }
        }
        add(limits, "team '" + team.name() + "'", team.limits(), registry, nowNanos);
      }
      AccessProfile profile = AccessProfile.of(team == null ? null : team.models(), key.models());
      policies.put(key.id(), new KeyPolicy(profile,
          limits.stream().filter(l -> l.unit() == Limit.Unit.REQUESTS).toList(),
          limits.stream().filter(l -> l.unit() == Limit.Unit.TOKENS).toList()));
    }
    return Map.copyOf(policies);
  }

  private static void add(List<Limit> into, String scope, List<LimitConfig> configs,
      LimiterRegistry registry, long nowNanos) {
    for (LimitConfig config : configs) {
      Limit.Unit unit = config.requests() != null ? Limit.Unit.REQUESTS : Limit.Unit.TOKENS;
      long limit = unit == Limit.Unit.REQUESTS ? config.requests() : config.tokens();
      into.add(new Limit(scope, unit, limit, config.per(),
          registry.get(scope, unit, limit, config.per(), nowNanos)));
    }
  }
}
