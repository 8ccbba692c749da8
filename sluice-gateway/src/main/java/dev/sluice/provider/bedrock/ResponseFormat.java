package dev.sluice.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.provider.UnsupportedFieldException;

/**
 * OpenAI's {@code response_format} as Converse's structured output,
 * {@code outputConfig.textFormat}: a JSON schema the answer must follow (the schema travels as
 * a string there). Plain text needs nothing. JSON mode ({@code json_object}, "some JSON
 * object, no schema") has no Converse form, so it is refused rather than silently turned into
 * free text.
 *
 * @see <a href="https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_OutputFormat.html">OutputFormat</a>
 * @see <a href="https://docs.aws.amazon.com/bedrock/latest/userguide/structured-output.html">Structured outputs</a>
 */
final class ResponseFormat {
  private ResponseFormat() {}

  static void translate(JsonNode format, ObjectNode converse) throws UnsupportedFieldException {
    String type = format.path("type").asText("");
    switch (type) {
      case "text" -> { }
      case "json_schema" -> converse.putObject("outputConfig").set("textFormat", jsonSchema(format));
      case "json_object" -> throw new UnsupportedFieldException("response_format",
          "response_format: json_object (Bedrock Converse constrains JSON only by a schema; "
              + "use json_schema)");
      default -> throw new UnsupportedFieldException("response_format",
          "response_format.type: '" + type + "' (expected: text or json_schema)");
    }
  }

  private static ObjectNode jsonSchema(JsonNode format) throws UnsupportedFieldException {
    JsonNode spec = format.path("json_schema");
    JsonNode schema = spec.path("schema");
    if (!schema.isObject()) {
      throw new UnsupportedFieldException("response_format.json_schema.schema",
          "response_format.json_schema.schema: missing (Bedrock Converse needs the schema)");
    }
    ObjectNode definition = Json.MAPPER.createObjectNode();
    definition.put("schema", schema.toString());
    if (spec.path("name").isTextual()) {
      definition.put("name", spec.get("name").asText());
    }
    if (spec.path("description").isTextual()) {
      definition.put("description", spec.get("description").asText());
    }
    // "strict" needs no mapping: Bedrock always enforces the schema it is given.
    ObjectNode textFormat = Json.MAPPER.createObjectNode();
    textFormat.put("type", "json_schema");
    textFormat.putObject("structure").set("jsonSchema", definition);
    return textFormat;
  }
}
