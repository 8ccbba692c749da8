package dev.sluice.api.anthropic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.api.GatewayError;
import java.io.IOException;

/**
 * The few fields of an Anthropic Messages request that routing needs ({@code model},
 * {@code stream}, {@code max_tokens}), read when the request has no OpenAI form: it can then
 * still be routed, and served by a backend that takes Anthropic's body as it is.
 */
public final class AnthropicHeadline {
  private static final JsonFactory JSON = new JsonFactory();

  private AnthropicHeadline() {}

  /** The request for routing, or null when even these fields cannot be read. */
  public static ClientRequest untranslated(byte[] body, GatewayError.InvalidRequest why) {
    String model = null;
    boolean stream = false;
    long maxTokens = -1;
    try (JsonParser json = JSON.createParser(body)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        switch (field) {
          case "model" -> model = value == JsonToken.VALUE_STRING ? json.getText() : null;
          case "stream" -> stream = value == JsonToken.VALUE_TRUE;
          case "max_tokens" -> maxTokens = value == JsonToken.VALUE_NUMBER_INT ? json.getLongValue() : -1;
          default -> json.skipChildren();
        }
      }
    } catch (IOException e) {
      return null;
    }
    if (model == null || model.isEmpty()) {
      return null;
    }
    // Anthropic streams always report usage, so the usage is always asked for.
    return new ClientRequest(Endpoint.CHAT, new byte[0], model, stream, stream, maxTokens, body, why);
  }
}
