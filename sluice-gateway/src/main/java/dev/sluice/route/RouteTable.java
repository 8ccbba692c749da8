package dev.sluice.route;

import dev.sluice.config.RouteConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes in config order ("first match wins"), indexed so that a lookup does not scan every
 * route: routes naming the model exactly are found by hash, and only routes whose model
 * condition is a pattern (or absent) are scanned. Candidates come back in config order.
 */
public final class RouteTable {
  private final List<CompiledRoute> routes;
  private final Map<String, int[]> exactByModel; // model -> indexes of routes naming it exactly
  private final int[] patternRoutes; // indexes of routes with a glob or no model condition

  private RouteTable(List<CompiledRoute> routes) {
    this.routes = routes;
    Map<String, List<Integer>> exact = new HashMap<>();
    List<Integer> patterns = new ArrayList<>();
    for (int i = 0; i < routes.size(); i++) {
      CompiledRoute route = routes.get(i);
      boolean hasPattern = route.models().isEmpty();
      for (Glob glob : route.models()) {
        if (glob.exact()) {
          List<Integer> list = exact.computeIfAbsent(glob.toString(), m -> new ArrayList<>());
          if (list.isEmpty() || list.getLast() != i) {
            list.add(i);
          }
        } else {
          hasPattern = true;
        }
      }
      if (hasPattern) {
        patterns.add(i);
      }
    }
    Map<String, int[]> index = HashMap.newHashMap(exact.size());
    exact.forEach((model, list) -> index.put(model, toArray(list)));
    this.exactByModel = Map.copyOf(index);
    this.patternRoutes = toArray(patterns);
  }

  public static RouteTable of(List<RouteConfig> configs) {
    return new RouteTable(configs.stream().map(CompiledRoute::of).toList());
  }

  public List<CompiledRoute> routes() {
    return routes;
  }

  /** Visits the routes that may serve {@code model}, in config order, until one accepts. */
  public CompiledRoute firstMatch(String model, java.util.function.Predicate<CompiledRoute> accepts) {
    int[] exact = exactByModel.getOrDefault(model, EMPTY);
    int e = 0;
    int p = 0;
    while (e < exact.length || p < patternRoutes.length) {
      int next;
      if (p >= patternRoutes.length || (e < exact.length && exact[e] < patternRoutes[p])) {
        next = exact[e++];
      } else {
        next = patternRoutes[p++];
      }
      CompiledRoute route = routes.get(next);
      if (route.matchesModel(model) && accepts.test(route)) {
        return route;
      }
    }
    return null;
  }

  private static final int[] EMPTY = new int[0];

  private static int[] toArray(List<Integer> list) {
    return list.stream().mapToInt(Integer::intValue).toArray();
  }
}
