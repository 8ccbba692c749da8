package dev.sluice.pipeline;

/** Which models the caller may use (stage 2 sets it; the model list answers with it). */
@FunctionalInterface
public interface ModelFilter {
  ModelFilter ANY = model -> true;

  boolean allows(String model);
}
