package dev.sluice.observe;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Span names ({@code chat gpt-4o}) built once per operation and model instead of concatenated
 * per span: a queued span waits for its batch through young collections, and every byte it holds
 * is copied each time. At most {@link #MAX_NAMES} names are kept (the model is client input);
 * past that, names are concatenated as before.
 */
final class SpanNames {
  static final int MAX_NAMES = 1000;

  private final Map<String, Map<String, String>> byOperation = new ConcurrentHashMap<>();
  private final Map<String, String> empty = Map.of();

  String of(String operation, String model) {
    Map<String, String> names = byOperation.getOrDefault(operation, empty);
    String name = names.get(model);
    if (name != null) {
      return name;
    }
    name = operation + " " + model;
    if (size() < MAX_NAMES) {
      byOperation.computeIfAbsent(operation, o -> new ConcurrentHashMap<>()).putIfAbsent(model, name);
    }
    return name;
  }

  private int size() {
    int size = 0;
    for (Map<String, String> names : byOperation.values()) {
      size += names.size();
    }
    return size;
  }
}
