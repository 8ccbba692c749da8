package dev.sluice.config;

import java.util.List;
import java.util.Map;

/**
 * The whole configuration file (SPEC §4), as immutable records. Absent sections get their
 * defaults here, so code downstream never checks for null sections. Validation beyond shape
 * (cross-references, ranges) lives in {@link ConfigValidator}.
 */
public record SluiceConfig(
    ServerConfig server,
    AdminConfig admin,
    List<BackendConfig> backends,
    List<RouteConfig> routes,
    List<TeamConfig> teams,
    List<KeyConfig> keys,
    Map<String, PriceConfig> pricing,
    StoreConfig store,
    ObservabilityConfig observability,
    EstimatesConfig estimates) {

  public SluiceConfig {
    server = server == null ? ServerConfig.defaults() : server;
    admin = admin == null ? new AdminConfig(null) : admin;
    backends = Lists.copy(backends);
    routes = Lists.copy(routes);
    teams = Lists.copy(teams);
    keys = Lists.copy(keys);
    // Lists.copy, not Map.copyOf: a price left empty ("gpt-4o:") is reported by path, not an NPE.
    pricing = Lists.copy(pricing);
    store = store == null ? StoreConfig.defaults() : store;
    observability = observability == null ? ObservabilityConfig.defaults() : observability;
    estimates = estimates == null ? EstimatesConfig.defaults() : estimates;
  }
}
