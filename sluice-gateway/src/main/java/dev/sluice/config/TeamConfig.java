package dev.sluice.config;

import java.util.List;

/** {@code teams[]}: a team's access profile (model globs; absent = all), limits and budget. */
public record TeamConfig(
    String name,
    List<String> models,
    List<LimitConfig> limits,
    BudgetConfig budget,
    List<ProjectConfig> projects) {

  public TeamConfig {
    models = models == null ? null : Lists.copy(models);
    limits = Lists.copy(limits);
    projects = Lists.copy(projects);
  }

  /** {@code teams[].projects[]}. */
  public record ProjectConfig(String name, List<LimitConfig> limits, BudgetConfig budget) {
    public ProjectConfig {
      limits = Lists.copy(limits);
    }
  }
}
