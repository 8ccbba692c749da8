package dev.sluice.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.provider.UpstreamError;
import java.io.IOException;

/**
 * Reads {@code {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}}.
 * Anthropic's error type is OpenAI's {@code type}; it has no code or param. A body not in that
 * shape yields a message naming the status only: raw upstream bytes are not echoed to clients.
 */
final class AnthropicErrors {
  private AnthropicErrors() {}

  static UpstreamError read(int status, byte[] body) {
    try {
      JsonNode error = Json.MAPPER.readTree(body).path("error");
      if (error.isObject()) {
        String message = Json.text(error, "message");
        return new UpstreamError(status, Json.text(error, "type"), null,
            message != null ? message : "the provider answered HTTP " + status, null);
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: fall through
    }
    return new UpstreamError(status, null, null, "the provider answered HTTP " + status, null);
  }

  /** An {@code error} event inside a stream, as the text of the exception that ends it. */
  static String describe(JsonNode error) {
    String type = Json.text(error, "type");
    String message = Json.text(error, "message");
    return "the provider's stream reported an error" + (type != null ? " (" + type + ")" : "")
        + (message != null ? ": " + message : "");
  }
}
