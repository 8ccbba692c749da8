package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

/** Runs config text through {@link ConfigLoader#parse} and returns what a user would read. */
final class ConfigTesting {
  /** A complete, valid config for tests that only care about one section. */
  static final String MINIMAL = """
      admin: { token: 0123456789abcdef0123 }
      backends:
        - { name: mock, type: mock }
      routes:
        - { name: all, targets: [ { backend: mock } ] }
      """;

  private ConfigTesting() {}

  /** The {@code path: reason} lines {@code sluice validate} would print. */
  static List<String> problems(String yaml) {
    return problems(yaml, Map.of());
  }

  static List<String> problems(String yaml, Map<String, String> env) {
    return ConfigLoader.parse(yaml, env).problems().stream().map(Problem::toString).toList();
  }

  /** The start-up warnings of a config that must be valid. */
  static List<String> warnings(String yaml) {
    ConfigResult result = ConfigLoader.parse(yaml, Map.of());
    assertThat(result.problems()).isEmpty();
    return result.warnings();
  }

  static SluiceConfig config(String yaml) {
    return config(yaml, Map.of());
  }

  static SluiceConfig config(String yaml, Map<String, String> env) {
    ConfigResult result = ConfigLoader.parse(yaml, env);
    assertThat(result.problems()).isEmpty();
    return result.config();
  }
}
