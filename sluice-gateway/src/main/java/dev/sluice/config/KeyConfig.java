package dev.sluice.config;

import java.time.Instant;
import java.util.List;

/**
 * {@code keys[]}: a client API key, given as {@code hash: sha256:<hex>} or as plaintext
 * {@code key:} (accepted with a start-up warning). {@code models} narrows the team's profile.
 */
public record KeyConfig(
    String id,
    String hash,
    String key,
    String owner,
    String team,
    String project,
    List<String> models,
    List<LimitConfig> limits,
    BudgetConfig budget,
    Instant expiresAt) {

  public KeyConfig {
    models = models == null ? null : Lists.copy(models);
    limits = Lists.copy(limits);
  }

  @Override
  public String toString() {
    return "KeyConfig[id=" + id + ", owner=" + owner + ", team=" + team + ", project=" + project + "]";
  }
}
