package dev.sluice.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.provider.UnsupportedFieldException;
import java.util.Map;
import java.util.Set;

/**
 * Checks on the client's request. Each names the field by its path in the client's request
 * ({@code messages[2].content[0].image_url.detail}), which is what the client gets in the 400
 * when no target can take the request.
 */
final class Fields {
  private Fields() {}

  static UnsupportedFieldException refuse(String param, String reason) {
    return new UnsupportedFieldException(param, param + ": " + reason);
  }

  /** A field Anthropic has no counterpart for. */
  static UnsupportedFieldException unsupported(String param) {
    return refuse(param, "not supported by Anthropic backends");
  }

  /**
   * Refuses the first field of {@code object} outside {@code allowed}. Null values count as
   * absent: OpenAI reads an explicit null as "the default", and SDKs send them.
   */
  static void only(JsonNode object, String path, Set<String> allowed) throws UnsupportedFieldException {
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      if (!field.getValue().isNull() && !allowed.contains(field.getKey())) {
        throw unsupported(path + "." + field.getKey());
      }
    }
  }

  static JsonNode object(JsonNode node, String param) throws UnsupportedFieldException {
    if (node == null || !node.isObject()) {
      throw refuse(param, "expected an object");
    }
    return node;
  }

  static String string(JsonNode node, String param) throws UnsupportedFieldException {
    if (node == null || !node.isTextual()) {
      throw refuse(param, "expected a string");
    }
    return node.asText();
  }

  /** A number within [min, max]. */
  static JsonNode number(JsonNode node, String param, double min, double max)
      throws UnsupportedFieldException {
    if (!node.isNumber()) {
      throw refuse(param, node + " (expected: a number)");
    }
    if (node.asDouble() < min || node.asDouble() > max) {
      throw refuse(param, node + " (expected: " + plain(min) + "-" + plain(max) + ")");
    }
    return node;
  }

  private static String plain(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
