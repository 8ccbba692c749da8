package dev.sluice.authorize;

import dev.sluice.pipeline.ModelFilter;
import dev.sluice.route.Glob;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The models a principal may use: its team's globs, narrowed by its key's own globs. An absent
 * list means "any model"; an empty list means none. A key can only narrow its team, never widen
 * it: a model must match both.
 */
public final class AccessProfile implements ModelFilter {
  /** No restriction at either level. */
  public static final AccessProfile ANY = new AccessProfile(null, null);

  private final List<Glob> team; // null: any
  private final List<Glob> key; // null: any

  private AccessProfile(List<Glob> team, List<Glob> key) {
    this.team = team;
    this.key = key;
  }

  /** From the team's and the key's {@code models} lists (null when absent). */
  public static AccessProfile of(List<String> teamModels, List<String> keyModels) {
    if (teamModels == null && keyModels == null) {
      return ANY;
    }
    return new AccessProfile(compile(teamModels), compile(keyModels));
  }

  private static List<Glob> compile(List<String> models) {
    return models == null ? null : models.stream().map(Glob::of).toList();
  }

  @Override
  public boolean allows(String model) {
    return matches(team, model) && matches(key, model);
  }

  /** The exact names of the key's and the team's lists that the other level allows too. */
  @Override
  public Collection<String> exactNames() {
    Set<String> names = new LinkedHashSet<>();
    for (List<Glob> level : Arrays.asList(key, team)) {
      if (level != null) {
        for (Glob glob : level) {
          if (glob.exact() && allows(glob.toString())) {
            names.add(glob.toString());
          }
        }
      }
    }
    return names;
  }

  private static boolean matches(List<Glob> globs, String model) {
    if (globs == null) {
      return true;
    }
    for (Glob glob : globs) {
      if (glob.matches(model)) {
        return true;
      }
    }
    return false;
  }
}
