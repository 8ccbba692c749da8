package dev.sluice.server;

import dev.sluice.authenticate.Authenticate;
import dev.sluice.authenticate.KeyIndex;
import dev.sluice.authorize.Authorize;
import dev.sluice.authorize.LimiterRegistry;
import dev.sluice.budget.BudgetGuard;
import dev.sluice.budget.BudgetRegistry;
import dev.sluice.budget.PriceTable;
import dev.sluice.api.TokenCounter;
import dev.sluice.config.BackendType;
import dev.sluice.config.BudgetConfig;
import dev.sluice.config.KeyConfig;
import dev.sluice.config.LimitConfig;
import dev.sluice.store.KeyStore;
import dev.sluice.store.Ledger;
import dev.sluice.store.LedgerSpendHistory;
import dev.sluice.pipeline.SharedAdmission;
import dev.sluice.pipeline.SharedCounters;
import java.util.List;
import dev.sluice.config.SluiceConfig;
import dev.sluice.observe.AccessLogWriter;
import dev.sluice.observe.Observe;
import dev.sluice.observe.Telemetry;
import dev.sluice.provider.Provider;
import dev.sluice.route.ModelCatalog;
import dev.sluice.route.RouteStage;
import dev.sluice.route.RouteTable;
import dev.sluice.upstream.BackendCircuit;
import dev.sluice.upstream.BackendStats;
import dev.sluice.upstream.Providers;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every event loop shares: the configuration and the immutable, thread-safe stages built
 * from it. Each event loop adds its own upstream stage (connection pools) around these.
 */
record GatewayCore(
    SluiceConfig config,
    Map<String, Provider> providers,
    Map<String, BackendStats> backendStats,
    Map<String, BackendCircuit> circuits,
    KeyIndex keys,
    Authenticate authenticate,
    Authorize authorize,
    BudgetGuard budget,
    SharedAdmission admit,
    RouteStage route,
    ModelCatalog models,
    Observe observe,
    AtomicInteger dataPort) {

  /**
   * @param limiters and {@code budgets}: the live counters, shared by every configuration a
   *     process runs, so a reload keeps the state of limits and budgets that did not change
   * @param statsByName and {@code circuitsByName}: per backend name, across reloads; a circuit
   *     is kept while its backend's {@code circuitBreaker} settings stay the same
   * @param counters the shared counters (Redis) for {@code store.type: redis-postgres}; null
   *     for the embedded store, whose limits and budgets count in memory
   */
  static GatewayCore build(SluiceConfig config, AccessLogWriter accessLog, Telemetry telemetry,
      Ledger ledger, List<KeyStore.StoredKey> storedKeys, LimiterRegistry limiters,
      BudgetRegistry budgets, Map<String, BackendStats> statsByName,
      Map<String, BackendCircuit> circuitsByName, InstantSource clock, SharedCounters counters) {
    RouteTable routes = RouteTable.of(config.routes());
    PriceTable prices = PriceTable.of(config.pricing());
    KeyIndex keys = KeyIndex.of(config.keys());
    java.time.Clock breakerClock = clock.withZone(java.time.ZoneOffset.UTC);
    GatewayCore core = new GatewayCore(
        config,
        Providers.of(config.backends()),
        config.backends().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
            b -> b.name(), b -> statsByName.computeIfAbsent(b.name(), n -> new BackendStats()))),
        config.backends().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
            b -> b.name(), b -> circuitsByName.compute(b.name(), (name, running) ->
                BackendCircuit.keepOrCreate(running, name, b.circuitBreaker(), breakerClock)))),
        keys,
        new Authenticate(keys, clock),
        Authorize.of(config, limiters, System::nanoTime),
        counters == null ? BudgetGuard.of(config, prices, budgets, clock)
            : BudgetGuard.of(config, prices, budgets, clock, LedgerSpendHistory.fresh(ledger)),
        counters == null ? SharedAdmission.none() : new SharedAdmission(counters, clock,
            config.store().onRedisFailure().limitsOpen(),
            config.store().onRedisFailure().budgetsOpen()),
        new RouteStage(routes),
        new ModelCatalog(routes),
        new Observe(accessLog, prices, ledger, telemetry, config.backends(),
            model -> routes.routes().stream().anyMatch(route -> route.models().isEmpty()
                || route.models().stream().anyMatch(glob -> glob.matches(model)))),
        new AtomicInteger());
    if (countsTokens(config)) {
      TokenCounter.preloadInBackground();
    }
    for (KeyStore.StoredKey stored : storedKeys) {
      if (!stored.revoked()) {
        core.register(stored.key());
      }
    }
    return core;
  }

  /**
   * Whether requests under this configuration will count tokens, so that the tokenizer's
   * vocabulary is loaded at start, off the event loops: the mock counts its answers, Gemini's
   * embeddings API reports no counts, a prompt-token route condition counts the prompt, and a
   * token limit or a budget estimates it at admission.
   */
  static boolean countsTokens(SluiceConfig config) {
    return config.backends().stream()
            .anyMatch(b -> b.type() == BackendType.MOCK || b.type() == BackendType.GEMINI)
        || config.routes().stream().anyMatch(r -> r.match().promptTokens() != null)
        || config.teams().stream().anyMatch(team -> estimates(team.limits(), team.budget())
            || team.projects().stream().anyMatch(p -> estimates(p.limits(), p.budget())))
        || config.keys().stream().anyMatch(GatewayCore::countsTokens);
  }

  /** Whether this key's own limits or budget estimate prompts at admission. */
  static boolean countsTokens(KeyConfig key) {
    return estimates(key.limits(), key.budget());
  }

  private static boolean estimates(List<LimitConfig> limits, BudgetConfig budget) {
    return budget != null
        || (limits != null && limits.stream().anyMatch(limit -> limit.tokens() != null));
  }

  /**
   * Takes on a key created at run time (here, through another replica, or read from the store
   * at start): it authenticates, and its limits and budgets apply.
   */
  void register(KeyConfig key) {
    if (countsTokens(key)) {
      TokenCounter.preloadInBackground();
    }
    authorize.register(key);
    budget.register(key);
    keys.add(key); // last: the key works only once its limits are in place
  }
}
