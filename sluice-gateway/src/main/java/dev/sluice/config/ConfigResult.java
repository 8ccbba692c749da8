package dev.sluice.config;

import java.util.List;

/**
 * The outcome of loading a config file: either a {@link Valid} config with its start-up warnings
 * (plaintext keys, missing admin token), or the {@link Invalid} list of problems, one line each.
 * A switch over the two cases is exhaustive; the accessors suit callers that only print.
 */
public sealed interface ConfigResult {

  boolean isValid();

  /** The config; throws when the result is invalid, naming its first problem. */
  SluiceConfig config();

  /** Start-up warnings; empty when invalid. */
  List<String> warnings();

  /** What is wrong, in file order; empty when valid. */
  List<Problem> problems();

  record Valid(SluiceConfig config, List<String> warnings) implements ConfigResult {
    public Valid {
      java.util.Objects.requireNonNull(config, "config");
      warnings = List.copyOf(warnings);
    }

    @Override
    public boolean isValid() {
      return true;
    }

    @Override
    public List<Problem> problems() {
      return List.of();
    }
  }

  record Invalid(List<Problem> problems) implements ConfigResult {
    public Invalid {
      problems = List.copyOf(problems);
      if (problems.isEmpty()) {
        throw new IllegalArgumentException("problems: empty (expected: at least one)");
      }
    }

    @Override
    public boolean isValid() {
      return false;
    }

    @Override
    public SluiceConfig config() {
      throw new IllegalStateException("invalid config: " + problems.getFirst()
          + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
    }

    @Override
    public List<String> warnings() {
      return List.of();
    }
  }
}
