package dev.sluice.authorize;

import dev.sluice.route.Glob;
import java.util.List;

/**
 * The models a principal may use: its team's globs, narrowed by its key's own globs. An absent
 * list means "any model"; an empty list means none. A key can only narrow its team, never widen
 * it: a model must match both.
 */
public final class AccessProfile {
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

  public boolean allows(String model) {
    return matches(team, model) && matches(key, model);
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
