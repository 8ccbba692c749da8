package dev.sluice.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.provider.UpstreamError;
import java.io.IOException;

/**
 * Reads {@code {"error":{"message","type","param","code"}}} from an error answer. Error bodies
 * are small and rare, so a tree parse is fine here. A body that is not in that shape yields a
 * message naming the status only: raw upstream bytes are not echoed to clients.
 */
final class OpenAiErrorReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private OpenAiErrorReader() {}

  static UpstreamError read(int status, byte[] body) {
    try {
      JsonNode error = MAPPER.readTree(body).path("error");
      if (error.isObject()) {
        return new UpstreamError(status, text(error, "type"), text(error, "code"),
            error.path("message").asText("HTTP " + status), text(error, "param"));
      }
      if (error.isTextual()) { // some OpenAI-compatible servers: {"error": "message"}
        return new UpstreamError(status, null, null, error.asText(), null);
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: fall through
    }
    return new UpstreamError(status, null, null, "the provider answered HTTP " + status, null);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
