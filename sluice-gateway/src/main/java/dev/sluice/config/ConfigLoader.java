package dev.sluice.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads a config file in three steps, each stopping at its own problems: {@code ${VAR}}
 * substitution on the raw text, YAML shape into records (one problem: Jackson stops at the
 * first), then {@link ConfigValidator} (every problem it finds). {@code sluice validate} and
 * {@code sluice serve} print the same lines.
 *
 * <pre>{@code
 * ConfigResult result = ConfigLoader.load(Path.of("sluice.yaml"), System.getenv());
 * switch (result) {
 *   case ConfigResult.Valid valid -> start(valid.config(), valid.warnings());
 *   case ConfigResult.Invalid invalid -> invalid.problems().forEach(System.err::println);
 * }
 * }</pre>
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /** Loads {@code file}; a missing or unreadable file is one problem whose path is the file. */
  public static ConfigResult load(Path file, Map<String, String> env) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      return fileProblem(file, "file not found");
    } catch (AccessDeniedException e) {
      return fileProblem(file, "permission denied");
    } catch (CharacterCodingException e) {
      return fileProblem(file, "not UTF-8 text");
    } catch (IOException e) {
      return fileProblem(file, Files.isDirectory(file)
          ? "is a directory (expected a YAML file)"
          : "cannot read (" + e.getMessage() + ")");
    }
    // Editors on Windows may save a byte-order mark; it is not part of the YAML.
    return parse(text.startsWith("\uFEFF") ? text.substring(1) : text, env);
  }

  /** Parses config text as if read from a file; {@code env} supplies {@code ${VAR}} values. */
  public static ConfigResult parse(String yamlText, Map<String, String> env) {
    EnvSubstitution.Substituted substituted = EnvSubstitution.apply(yamlText, env);
    if (!substituted.problems().isEmpty()) {
      return new ConfigResult.Invalid(substituted.problems());
    }
    return switch (ConfigYaml.read(substituted.text())) {
      case ConfigResult.Valid shaped -> ConfigValidator.validate(shaped.config());
      case ConfigResult.Invalid invalid -> invalid;
    };
  }

  private static ConfigResult fileProblem(Path file, String reason) {
    return new ConfigResult.Invalid(List.of(new Problem(file.toString(), reason)));
  }
}
