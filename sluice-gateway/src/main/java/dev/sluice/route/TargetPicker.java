package dev.sluice.route;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Orders a route's targets for one request: tier by tier (lowest priority number first), and
 * within a tier by weighted random draw without replacement, so the first choice follows the
 * weights and failover within the tier visits the others before the next tier. Weight 0 targets
 * are never chosen.
 */
public final class TargetPicker {
  private TargetPicker() {}

  public static List<Target> order(List<List<Target>> tiers, RandomGenerator random) {
    if (tiers.size() == 1 && tiers.getFirst().size() == 1) {
      Target only = tiers.getFirst().getFirst();
      return only.weight() > 0 ? List.of(only) : List.of();
    }
    List<Target> ordered = new ArrayList<>();
    for (List<Target> tier : tiers) {
      List<Target> remaining = new ArrayList<>(tier);
      remaining.removeIf(t -> t.weight() <= 0);
      long total = 0;
      for (Target t : remaining) {
        total += t.weight();
      }
      while (!remaining.isEmpty()) {
        long draw = random.nextLong(total);
        int i = 0;
        while (draw >= remaining.get(i).weight()) {
          draw -= remaining.get(i).weight();
          i++;
        }
        Target chosen = remaining.remove(i);
        total -= chosen.weight();
        ordered.add(chosen);
      }
    }
    return ordered;
  }
}
