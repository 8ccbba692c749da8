package dev.sluice.observe;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Bounds the {@code model} label: the model a client asked for is client input, so only a model
 * some route serves becomes a label, and at most {@link #MAX_MODELS} of them; anything else is
 * {@value #OTHER}, as the semantic conventions name a value outside the known set.
 */
final class ModelLabels {
  static final String OTHER = "_OTHER";
  static final int MAX_MODELS = 500;

  private final Predicate<String> routed;
  private final Map<String, String> labels = new ConcurrentHashMap<>();

  ModelLabels(Predicate<String> routed) {
    this.routed = routed;
  }

  String of(String model) {
    if (model == null) {
      return "";
    }
    String label = labels.get(model);
    if (label != null) {
      return label;
    }
    if (labels.size() >= MAX_MODELS || !routed.test(model)) {
      return OTHER;
    }
    labels.putIfAbsent(model, model);
    return model;
  }
}
