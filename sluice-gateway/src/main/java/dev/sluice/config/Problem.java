package dev.sluice.config;

import java.util.Objects;

/**
 * One thing wrong with a config file: where ({@code routes[0].targets[1].backend}, with YAML
 * names, {@code [i]} for list items) and why ({@code unknown backend 'foo'}). {@link #toString()}
 * is the line {@code sluice validate} prints.
 */
public record Problem(String path, String reason) {
  public Problem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return path + ": " + reason;
  }
}
