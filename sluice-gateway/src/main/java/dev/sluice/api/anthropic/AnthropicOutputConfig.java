package dev.sluice.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Anthropic's {@code output_config}: {@code format} (structured outputs, a JSON schema the
 * answer must follow) is OpenAI's {@code response_format} of type {@code json_schema};
 * {@code effort} has no model-independent OpenAI equivalent and is refused.
 */
final class AnthropicOutputConfig {
  /** OpenAI requires a schema name; Anthropic's format has none. */
  static final String SCHEMA_NAME = "output";

  private AnthropicOutputConfig() {}

  static void translate(JsonNode config, ObjectNode openAi) throws AnthropicRequestException {
    Fields.object(config, "output_config");
    Fields.onlyKnown(config, "output_config", Set.of("format"));
    JsonNode format = config.get("format");
    if (Fields.absent(format)) {
      return;
    }
    Fields.object(format, "output_config.format");
    Fields.onlyKnown(format, "output_config.format", Set.of("type", "schema"));
    String type = Fields.text(format.get("type"), "output_config.format.type");
    if (!type.equals("json_schema")) {
      throw AnthropicRequestException.invalid("output_config.format.type",
          "\"" + type + "\" (expected: \"json_schema\")");
    }
    ObjectNode schema = openAi.putObject("response_format").put("type", "json_schema")
        .putObject("json_schema");
    schema.put("name", SCHEMA_NAME);
    schema.set("schema", Fields.object(format.get("schema"), "output_config.format.schema"));
    // Anthropic's structured outputs always constrain decoding to the schema: OpenAI's strict.
    schema.put("strict", true);
  }
}
