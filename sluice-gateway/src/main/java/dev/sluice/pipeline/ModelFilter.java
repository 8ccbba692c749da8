package dev.sluice.pipeline;

/** Which models the caller may use (stage 2 sets it; the model list answers with it). */
@FunctionalInterface
public interface ModelFilter {
  ModelFilter ANY = model -> true;

  boolean allows(String model);

  /**
   * The exact model names the caller's access profile lists (and allows), for the model list: a
   * route that serves a pattern ({@code *}) cannot list its names, but the profile's own can be.
   */
  default java.util.Collection<String> exactNames() {
    return java.util.List.of();
  }
}
