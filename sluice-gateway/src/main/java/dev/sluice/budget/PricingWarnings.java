package dev.sluice.budget;

import dev.sluice.config.BackendConfig;
import dev.sluice.config.BackendType;
import dev.sluice.config.RouteConfig;
import dev.sluice.config.SluiceConfig;
import dev.sluice.route.Glob;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Start-up warnings for models that routes send to a paid backend without a known price: they
 * are charged 0 against budgets, which an operator should know before the first invoice. Models
 * matched only by a pattern cannot be checked in advance.
 */
public final class PricingWarnings {
  private PricingWarnings() {}

  public static List<String> of(SluiceConfig config, PriceTable prices) {
    Map<String, BackendConfig> backends = config.backends().stream()
        .collect(Collectors.toMap(BackendConfig::name, Function.identity()));
    Set<String> warnings = new LinkedHashSet<>();
    for (RouteConfig route : config.routes()) {
      for (RouteConfig.Target target : route.targets()) {
        BackendConfig backend = backends.get(target.backend());
        if (backend == null || backend.type() == BackendType.MOCK) {
          continue; // the mock is free
        }
        List<String> models = new ArrayList<>();
        if (target.model() != null) {
          models.add(target.model());
        } else {
          route.match().models().stream().filter(m -> !Glob.isPattern(m)).forEach(models::add);
        }
        for (String model : models) {
          if (prices.find(model) == null) {
            warnings.add("pricing: no price for model '" + model + "' (route '" + route.name()
                + "', backend '" + backend.name() + "'): it is charged 0; add it under pricing");
          }
        }
      }
    }
    return List.copyOf(warnings);
  }
}
