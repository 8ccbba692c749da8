package dev.sluice.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;

/** Typed reads of request fields that reject with the field's Anthropic path. */
final class Fields {
  private Fields() {}

  /** True when the field is absent or JSON null: both mean "not given". */
  static boolean absent(JsonNode value) {
    return value == null || value.isNull() || value.isMissingNode();
  }

  static String text(JsonNode value, String param) throws AnthropicRequestException {
    if (absent(value)) {
      throw AnthropicRequestException.missing(param);
    }
    if (!value.isTextual()) {
      throw AnthropicRequestException.wrongType(param, "a string");
    }
    return value.textValue();
  }

  static JsonNode object(JsonNode value, String param) throws AnthropicRequestException {
    if (absent(value)) {
      throw AnthropicRequestException.missing(param);
    }
    if (!value.isObject()) {
      throw AnthropicRequestException.wrongType(param, "an object");
    }
    return value;
  }

  static JsonNode array(JsonNode value, String param) throws AnthropicRequestException {
    if (absent(value)) {
      throw AnthropicRequestException.missing(param);
    }
    if (!value.isArray()) {
      throw AnthropicRequestException.wrongType(param, "an array");
    }
    return value;
  }

  /** An optional boolean: absent is false. */
  static boolean flag(JsonNode value, String param) throws AnthropicRequestException {
    if (absent(value)) {
      return false;
    }
    if (!value.isBoolean()) {
      throw AnthropicRequestException.wrongType(param, "a boolean");
    }
    return value.booleanValue();
  }

  /**
   * Refuses any key of {@code node} not in {@code known}: an Anthropic field we do not map would
   * otherwise be lost without the client knowing. {@code cache_control} is in every block's
   * known set where Anthropic allows it (see {@link AnthropicRequests} for why it is ignored).
   */
  static void onlyKnown(JsonNode node, String param, Set<String> known)
      throws AnthropicRequestException {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!known.contains(field.getKey()) && !absent(field.getValue())) {
        throw AnthropicRequestException.unsupported(param + "." + field.getKey(),
            "Sluice cannot translate this field to the OpenAI request it routes");
      }
    }
  }
}
