package dev.sluice.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.List;

/**
 * YAML text to {@link SluiceConfig}: shape only (names, types, notations). The first shape error
 * stops Jackson, so an invalid result holds exactly one problem; ranges and cross-references are
 * {@link ConfigValidator}'s.
 */
final class ConfigYaml {
  static final String TOP_LEVEL = "(top level)";

  // Built once: a mapper is thread-safe once configured, and costly to build.
  private static final ObjectMapper MAPPER = YAMLMapper.builder()
      .addModule(new JavaTimeModule())
      .addModule(new ValueNotationModule()) // after JavaTimeModule: its Duration reader wins
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      // "models: gpt-4o" and "x-env: prod" mean one-item lists.
      .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
      // "weight: 1.5" is a mistake to report, not a 1 to guess.
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .build();

  private ConfigYaml() {}

  /** A {@link ConfigResult.Valid} without warnings, or one problem. */
  static ConfigResult read(String yamlText) {
    try (JsonParser parser = MAPPER.createParser(yamlText)) {
      JsonToken first = parser.nextToken();
      if (first == null || first == JsonToken.VALUE_NULL) {
        return invalid(TOP_LEVEL,
            "empty (expected a mapping with sections such as backends and routes)");
      }
      SluiceConfig config = MAPPER.readValue(parser, SluiceConfig.class);
      if (parser.nextToken() != null) {
        return invalid(TOP_LEVEL, "more than one YAML document (expected one; remove the extra '---')");
      }
      return new ConfigResult.Valid(config, List.of());
    } catch (JsonProcessingException e) {
      return new ConfigResult.Invalid(List.of(ShapeErrors.toProblem(e)));
    } catch (IOException e) {
      // Reading from a String has no I/O to fail; kept as a problem rather than a crash.
      return invalid(TOP_LEVEL, "unreadable: " + e.getMessage());
    }
  }

  /**
   * One key's settings, as the admin API receives them (JSON is YAML): the same fields, notation
   * and shape errors as a {@code keys[]} entry of the file. Returns the key, or its problems.
   */
  static Object readKey(String json) {
    try (JsonParser parser = MAPPER.createParser(json)) {
      if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        return List.of(new Problem("(body)", "expected a JSON object"));
      }
      return MAPPER.readValue(parser, KeyConfig.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return List.of(ShapeErrors.toProblem(e));
    } catch (java.io.IOException e) {
      return List.of(new Problem("(body)", e.getMessage()));
    }
  }

  private static ConfigResult invalid(String path, String reason) {
    return new ConfigResult.Invalid(List.of(new Problem(path, reason)));
  }
}
