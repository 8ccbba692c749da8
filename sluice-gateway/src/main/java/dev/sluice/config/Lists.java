package dev.sluice.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Null-tolerant immutable copies for record constructors (YAML omits what it does not set). */
final class Lists {
  private Lists() {}

  static <T> List<T> copy(List<T> list) {
    // Not List.copyOf: a YAML list may hold a null item ("- "), which validation reports by path.
    return list == null ? List.of() : Collections.unmodifiableList(new java.util.ArrayList<>(list));
  }

  static <K, V> Map<K, V> copy(Map<K, V> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new java.util.LinkedHashMap<>(map));
  }
}
