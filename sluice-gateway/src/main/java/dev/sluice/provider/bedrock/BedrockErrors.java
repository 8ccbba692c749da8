package dev.sluice.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.provider.UpstreamError;
import java.io.IOException;

/**
 * Reads Bedrock's error bodies, {@code {"message": "..."}} (the error's type travels in the
 * {@code x-amzn-ErrorType} header, which translation does not see; some AWS front ends spell
 * the field {@code Message}). The message is the provider's own words for the client; a body
 * in no known shape yields one naming the status only, so raw upstream bytes are not echoed.
 *
 * @see <a href="https://docs.aws.amazon.com/bedrock/latest/APIReference/CommonErrors.html">Common errors</a>
 */
final class BedrockErrors {
  private BedrockErrors() {}

  static UpstreamError read(int status, byte[] body) {
    return new UpstreamError(status, null, null,
        message(body, "the provider answered HTTP " + status), null);
  }

  /** The body's message, or {@code otherwise}. */
  static String message(byte[] body, String otherwise) {
    try {
      JsonNode error = Json.MAPPER.readTree(body);
      if (error != null) {
        for (String field : new String[] {"message", "Message"}) {
          JsonNode message = error.get(field);
          if (message != null && message.isTextual() && !message.asText().isBlank()) {
            return message.asText();
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: fall through
    }
    return otherwise;
  }
}
