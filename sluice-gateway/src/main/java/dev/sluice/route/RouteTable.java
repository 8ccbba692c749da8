package dev.sluice.route;

import dev.sluice.config.RouteConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes in config order ("first match wins"), indexed so that a lookup does not scan every
 * route: routes naming the model exactly are found by hash, routes with a prefix glob
 * ({@code "claude-*"}) by walking a trie with the model's characters, and only routes with
 * another kind of pattern ({@code "*-mini"}, {@code "o?"}) or no model condition are scanned.
 * Candidates are tried in config order.
 */
public final class RouteTable {
  private final List<CompiledRoute> routes;
  private final Map<String, int[]> exactByModel; // model -> indexes of routes naming it exactly
  private final PrefixTrie prefixRoutes; // routes with a "literal*" glob, by literal
  private final int[] scannedRoutes; // indexes of routes with another glob or no model condition

  private RouteTable(List<CompiledRoute> routes) {
    this.routes = routes;
    Map<String, List<Integer>> exact = new HashMap<>();
    PrefixTrie prefixes = new PrefixTrie();
    List<Integer> scanned = new ArrayList<>();
    for (int i = 0; i < routes.size(); i++) {
      CompiledRoute route = routes.get(i);
      boolean scan = route.models().isEmpty();
      for (Glob glob : route.models()) {
        if (glob.exact()) {
          List<Integer> list = exact.computeIfAbsent(glob.toString(), m -> new ArrayList<>());
          if (list.isEmpty() || list.getLast() != i) {
            list.add(i);
          }
        } else if (glob.prefix() != null) {
          prefixes.add(glob.prefix(), i);
        } else {
          scan = true;
        }
      }
      if (scan) {
        scanned.add(i);
      }
    }
    Map<String, int[]> index = HashMap.newHashMap(exact.size());
    exact.forEach((model, list) -> index.put(model, toArray(list)));
    this.exactByModel = Map.copyOf(index);
    this.prefixRoutes = prefixes;
    this.scannedRoutes = toArray(scanned);
  }

  public static RouteTable of(List<RouteConfig> configs) {
    return new RouteTable(configs.stream().map(CompiledRoute::of).toList());
  }

  public List<CompiledRoute> routes() {
    return routes;
  }

  /** Visits the routes that may serve {@code model}, in config order, until one accepts. */
  public CompiledRoute firstMatch(String model, java.util.function.Predicate<CompiledRoute> accepts) {
    PrefixTrie.IntList candidates = new PrefixTrie.IntList();
    candidates.addAll(exactByModel.getOrDefault(model, EMPTY));
    prefixRoutes.collect(model, candidates);
    candidates.addAll(scannedRoutes);
    int[] order = candidates.items;
    java.util.Arrays.sort(order, 0, candidates.size);
    for (int i = 0; i < candidates.size; i++) {
      if (i > 0 && order[i] == order[i - 1]) {
        continue; // a route with several globs can be a candidate more than once
      }
      CompiledRoute route = routes.get(order[i]);
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
