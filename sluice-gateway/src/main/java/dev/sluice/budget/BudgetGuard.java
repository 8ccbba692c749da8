package dev.sluice.budget;

import dev.sluice.api.ClientRequest;
import dev.sluice.api.GatewayError;
import dev.sluice.api.TokenCounter;
import dev.sluice.config.BudgetConfig;
import dev.sluice.config.KeyConfig;
import dev.sluice.config.SluiceConfig;
import dev.sluice.config.TeamConfig;
import dev.sluice.pipeline.Decision;
import dev.sluice.pipeline.Exchange;
import dev.sluice.pipeline.Stage;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 3: every budget of the key, its project and its team must have room for the request's
 * estimated cost — the prompt counted plus the output allowance, at the requested model's list
 * price — which is reserved before any provider is called, so concurrent requests cannot all
 * spend the same last dollar. Stage 6 settles the reservation to the real cost. A full budget is
 * a 429 {@code budget_exceeded} of type {@code insufficient_quota}, OpenAI's word for it.
 */
public final class BudgetGuard implements Stage {
  private final Map<String, List<Budget>> budgetsByKey; // concurrent: keys are added at run time
  /** With the shared store: each key's budgets as shared counters, claimed instead of taken. */
  private final Map<String, List<SharedBudget>> sharedByKey;
  private final SpendHistory sharedHistory; // null: the embedded store
  private final Map<String, TeamConfig> teams;
  private final BudgetRegistry registry;
  private final PriceTable prices;
  private final long defaultOutputTokens;
  private final InstantSource clock;

  private BudgetGuard(Map<String, List<Budget>> budgetsByKey, Map<String, TeamConfig> teams,
      BudgetRegistry registry, PriceTable prices, long defaultOutputTokens, InstantSource clock,
      SpendHistory sharedHistory) {
    this.budgetsByKey = budgetsByKey;
    this.sharedByKey = new java.util.concurrent.ConcurrentHashMap<>();
    this.sharedHistory = sharedHistory;
    this.teams = teams;
    this.registry = registry;
    this.prices = prices;
    this.defaultOutputTokens = defaultOutputTokens;
    this.clock = clock;
  }

  public static BudgetGuard of(SluiceConfig config, PriceTable prices, BudgetRegistry registry,
      InstantSource clock) {
    return of(config, prices, registry, clock, null);
  }

  /**
   * @param sharedHistory with the shared store ({@code redis-postgres}): budgets are claimed for
   *     the admission step, and a window the store lacks starts from this history, read fresh
   *     each time; null with the embedded store
   */
  public static BudgetGuard of(SluiceConfig config, PriceTable prices, BudgetRegistry registry,
      InstantSource clock, SpendHistory sharedHistory) {
    Map<String, TeamConfig> teams = new HashMap<>();
    config.teams().forEach(team -> teams.put(team.name(), team));
    BudgetGuard guard = new BudgetGuard(new java.util.concurrent.ConcurrentHashMap<>(),
        Map.copyOf(teams), registry, prices, config.estimates().outputTokens(), clock,
        sharedHistory);
    config.keys().forEach(guard::register);
    return guard;
  }

  /** Takes on a key (from the config, or created at run time): its own, project and team budgets. */
  public void register(KeyConfig key) {
    if (sharedHistory != null) {
      registerShared(key);
      return;
    }
    Instant now = clock.instant();
    List<Budget> budgets = new ArrayList<>();
    add(budgets, new SpendHistory.Scope(SpendHistory.Scope.Kind.KEY, key.id()), key.budget(),
        registry, now);
    TeamConfig team = key.team() == null ? null : teams.get(key.team());
    if (team != null) {
      for (TeamConfig.ProjectConfig project : team.projects()) {
        if (project.name().equals(key.project())) {
          add(budgets, new SpendHistory.Scope(SpendHistory.Scope.Kind.PROJECT,
              team.name() + "/" + project.name()), project.budget(), registry, now);
        }
      }
      add(budgets, new SpendHistory.Scope(SpendHistory.Scope.Kind.TEAM, team.name()),
          team.budget(), registry, now);
    }
    if (!budgets.isEmpty()) {
      budgetsByKey.put(key.id(), List.copyOf(budgets));
    }
  }

  private void registerShared(KeyConfig key) {
    List<SharedBudget> budgets = new ArrayList<>();
    addShared(budgets, new SpendHistory.Scope(SpendHistory.Scope.Kind.KEY, key.id()), key.budget());
    TeamConfig team = key.team() == null ? null : teams.get(key.team());
    if (team != null) {
      for (TeamConfig.ProjectConfig project : team.projects()) {
        if (project.name().equals(key.project())) {
          addShared(budgets, new SpendHistory.Scope(SpendHistory.Scope.Kind.PROJECT,
              team.name() + "/" + project.name()), project.budget());
        }
      }
      addShared(budgets, new SpendHistory.Scope(SpendHistory.Scope.Kind.TEAM, team.name()),
          team.budget());
    }
    if (!budgets.isEmpty()) {
      sharedByKey.put(key.id(), List.copyOf(budgets));
    }
  }

  private void addShared(List<SharedBudget> into, SpendHistory.Scope scope, BudgetConfig config) {
    if (config != null) {
      into.add(new SharedBudget(scope, Budget.nanos(config.usd()), BudgetWindow.of(config.per()),
          sharedHistory, prices));
    }
  }

  private static void add(List<Budget> into, SpendHistory.Scope scope, BudgetConfig config,
      BudgetRegistry registry, Instant now) {
    if (config != null) {
      long limit = Budget.nanos(config.usd());
      BudgetWindow window = BudgetWindow.of(config.per());
      into.add(new Budget(scope, limit, window, registry.counter(scope, limit, window, now)));
    }
  }

  /** True when the caller's key, project or team has a budget (its estimate needs the prompt). */
  @Override
  public boolean usesPromptTokens(Exchange exchange) {
    String keyId = exchange.principal().keyId();
    return sharedHistory != null ? sharedByKey.containsKey(keyId) : budgetsByKey.containsKey(keyId);
  }

  @Override
  public Decision apply(Exchange exchange) {
    if (sharedHistory != null) {
      List<SharedBudget> shared = sharedByKey.get(exchange.principal().keyId());
      if (shared != null) {
        long estimate = estimateCost(exchange);
        for (SharedBudget budget : shared) {
          exchange.claim(budget, estimate);
        }
      }
      return Decision.PROCEED;
    }
    List<Budget> budgets = budgetsByKey.get(exchange.principal().keyId());
    if (budgets == null) {
      return Decision.PROCEED;
    }
    Instant now = clock.instant();
    long estimate = estimateCost(exchange);
    List<SpendCounter.Window> charged = new ArrayList<>(budgets.size());
    for (Budget budget : budgets) {
      SpendCounter.Window window = budget.spend().tryReserve(estimate, budget.limitNanos(), now);
      if (window == null) {
        charged.forEach(w -> w.nanos().addAndGet(-estimate));
        return Decision.answer(budget.window().exhausted(budget.describe(), now));
      }
      charged.add(window);
    }
    exchange.reserved(new CostReservation(List.copyOf(charged), estimate, prices));
    return Decision.PROCEED;
  }

  /** The requested model's list price for the prompt plus the output allowance; 0 if unpriced. */
  private long estimateCost(Exchange exchange) {
    ClientRequest request = exchange.request();
    Price price = prices.find(request.model());
    if (price == null) {
      return 0;
    }
    if (exchange.promptTokenEstimate() < 0) {
      exchange.promptTokenEstimate(TokenCounter.estimatePrompt(request));
    }
    return exchange.promptTokenEstimate() * price.input()
        + request.outputAllowance(defaultOutputTokens) * price.output();
  }
}
