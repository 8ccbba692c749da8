package dev.sluice.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Collects what the validator finds: problems (the config is refused) and warnings (it starts,
 * and says so). Also holds the checks shared by several sections, so every section words the
 * same mistake the same way: {@code "0 (expected: > 0)"}, {@code "required"}.
 */
final class Findings {
  private final List<Problem> problems = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  void problem(String path, String reason) {
    problems.add(new Problem(path, reason));
  }

  void warning(String path, String reason) {
    warnings.add(path + ": " + reason);
  }

  /** A warning that reads better as a sentence than as {@code path: reason}. */
  void warning(String sentence) {
    warnings.add(sentence);
  }

  ConfigResult result(SluiceConfig config) {
    return problems.isEmpty()
        ? new ConfigResult.Valid(config, warnings)
        : new ConfigResult.Invalid(problems);
  }

  /** Checks each item of a list; an empty item ({@code "- "}) is reported instead of checked. */
  <T> void eachItem(String path, List<T> items, BiConsumer<String, T> check) {
    for (int i = 0; i < items.size(); i++) {
      String itemPath = path + "[" + i + "]";
      T item = items.get(i);
      if (item == null) {
        problem(itemPath, "empty item");
      } else {
        check.accept(itemPath, item);
      }
    }
  }

  /** Checks each value of a mapping; a key without value ({@code "gpt-4o:"}) is reported. */
  <V> void eachEntry(String path, Map<String, V> entries, BiConsumer<String, V> check) {
    entries.forEach((key, value) -> {
      if (value == null) {
        problem(path + "." + key, "empty (expected: a value)");
      } else {
        check.accept(path + "." + key, value);
      }
    });
  }

  static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }

  /** Reports a missing or blank value; true when the value is there to check further. */
  boolean required(String path, Object value, String reason) {
    boolean missing = value == null || value instanceof String text && text.isBlank();
    if (missing) {
      problem(path, reason);
    }
    return !missing;
  }

  boolean required(String path, Object value) {
    return required(path, value, "required");
  }

  /**
   * A name that other entries refer to: required, matching {@code pattern} when given, unique
   * among {@code seen} (name -> path of the item that used it first).
   */
  void uniqueName(
      String itemPath, String field, String name, Pattern pattern, Map<String, String> seen) {
    String path = itemPath + "." + field;
    if (!required(path, name)) {
      return;
    }
    if (pattern != null && !pattern.matcher(name).matches()) {
      problem(path, "invalid " + field + " '" + name + "' (expected: letters, digits, '.', '_', '-')");
    }
    String first = seen.putIfAbsent(name, itemPath);
    if (first != null) {
      problem(path, "duplicate " + field + " '" + name + "' (already used by " + first + ")");
    }
  }

  void positive(String path, Number value) {
    if (value != null && value.longValue() <= 0) {
      problem(path, value + " (expected: > 0)");
    }
  }

  void positive(String path, Duration value) {
    if (value != null && (value.isNegative() || value.isZero())) {
      problem(path, ValueFormats.format(value) + " (expected: > 0)");
    }
  }

  void atLeast(String path, Number value, long minimum) {
    if (value != null && value.longValue() < minimum) {
      problem(path, value + " (expected: >= " + minimum + ")");
    }
  }

  void notNegative(String path, BigDecimal value) {
    if (value != null && value.signum() < 0) {
      problem(path, value.toPlainString() + " (expected: >= 0)");
    }
  }

  /** Model names or globs; {@code *} and {@code ?} are the only wildcards. */
  void modelGlobs(String path, List<String> globs) {
    eachItem(path, globs, (itemPath, glob) -> {
      if (glob.isBlank()) {
        problem(itemPath, "empty (expected: a model name or a glob such as gpt-4o-*)");
      } else if (glob.chars().anyMatch(c -> "[]{}".indexOf(c) >= 0)) {
        problem(itemPath, "invalid glob '" + glob + "' (only * and ? are wildcards)");
      }
    });
  }

  /**
   * An absolute http(s) base URL without query or fragment. The URL is not echoed: it may
   * carry credentials.
   */
  void httpUrl(String path, String url) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      problem(path, "invalid URL (" + e.getReason() + ")");
      return;
    }
    String scheme = uri.getScheme();
    // A registry-based authority (host names with '_', as Docker allows) has no URI host.
    boolean hasAuthority = uri.getHost() != null || uri.getRawAuthority() != null;
    if (scheme == null || !scheme.matches("(?i)https?") || !hasAuthority) {
      problem(path, "invalid URL (expected: an absolute http:// or https:// URL)");
    } else if (uri.getRawUserInfo() != null) {
      problem(path, "must not contain user:password@ (credentials have their own fields)");
    } else if (uri.getRawQuery() != null) {
      problem(path, "must not have a query (?...): Sluice appends paths and parameters itself");
    } else if (uri.getRawFragment() != null) {
      problem(path, "must not have a fragment (#...)");
    }
  }
}
