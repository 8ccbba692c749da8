package dev.sluice.provider.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.provider.ProviderException;
import java.io.IOException;
import java.io.OutputStream;

/** The one mapper of this package, and the parse and write helpers every translator uses. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** Parses a provider's body; {@code what} names it in the error ("answer", "stream event"). */
  static JsonNode parse(byte[] body, String what) throws ProviderException {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || !node.isObject()) {
        throw new ProviderException("the provider's " + what + " is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new ProviderException("malformed JSON in the provider's " + what);
    }
  }

  static JsonGenerator generator(OutputStream out) throws IOException {
    return MAPPER.getFactory().createGenerator(out);
  }

  /** A text field's value, or null when it is absent, null or not text. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }
}
