package dev.sluice.provider.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.provider.ProviderException;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The package's one JSON mapper and its few shared reads and writes. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** Parses an answer (or part of one) from Bedrock; {@code what} names it in the error. */
  static JsonNode parse(byte[] bytes, String what) throws ProviderException {
    try {
      JsonNode node = MAPPER.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new ProviderException("malformed JSON in " + what + " (not a JSON object)");
      }
      return node;
    } catch (IOException e) {
      throw new ProviderException("malformed JSON in " + what);
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // a tree we built always serialises
    }
  }

  /** A non-negative integer field, or 0 when absent or not a number. */
  static long count(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isIntegralNumber() ? Math.max(0, value.asLong()) : 0;
  }
}
