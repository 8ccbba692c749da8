package dev.sluice.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import java.io.IOException;

/**
 * The request's messages as {@code gen_ai.input.messages}, only when
 * {@code observability.captureContent} is on: the {@code messages} array as the client sent it
 * (OpenAI's or Anthropic's), or the embeddings {@code input}. Longer text is cut at
 * {@link #MAX_CHARS}.
 */
final class ContentCapture {
  static final int MAX_CHARS = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ContentCapture() {}

  static String inputMessages(ClientRequest request) {
    byte[] body = request.anthropicBody() != null ? request.anthropicBody() : request.body();
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      JsonNode root = JSON.readTree(body);
      JsonNode messages = root == null ? null
          : root.get(request.endpoint() == Endpoint.EMBEDDINGS ? "input" : "messages");
      if (messages == null) {
        return null;
      }
      String text = messages.toString();
      return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS);
    } catch (IOException e) {
      return null;
    }
  }
}
