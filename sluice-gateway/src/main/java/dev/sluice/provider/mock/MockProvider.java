package dev.sluice.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.api.TokenCounter;
import dev.sluice.provider.LocalProvider;
import dev.sluice.provider.UpstreamRequest;
import dev.sluice.provider.openai.OpenAiProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The {@code mock} backend: answers in process, deterministically, in OpenAI's wire format. A
 * chat answer echoes the last user message; usage is counted with the cl100k tokenizer. It reads
 * the request Sluice would send upstream (not the client's), so it sees exactly what a real
 * OpenAI-compatible server would: the quickstart exercises the whole path offline.
 */
public final class MockProvider extends OpenAiProvider implements LocalProvider {
  static final ObjectMapper MAPPER = new ObjectMapper();

  public MockProvider(String backend) {
    super(backend, "mock", "", null);
  }

  @Override
  public LocalAnswer answer(UpstreamRequest request, ClientRequest clientRequest, String upstreamModel) {
    JsonNode body;
    try {
      body = MAPPER.readTree(request.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // Sluice validated it; cannot happen
    }
    long promptTokens = TokenCounter.estimatePrompt(clientRequest);
    if (clientRequest.endpoint() == Endpoint.EMBEDDINGS) {
      return json(MockAnswers.embeddings(upstreamModel, body.path("input"), promptTokens));
    }
    String reply = lastUserText(body.path("messages"));
    long completionTokens = TokenCounter.count(reply);
    if (body.path("stream").asBoolean(false)) {
      boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
      return new LocalAnswer(200, "text/event-stream",
          MockAnswers.chatStream(upstreamModel, reply, includeUsage, promptTokens, completionTokens));
    }
    return json(MockAnswers.chat(upstreamModel, reply, promptTokens, completionTokens));
  }

  private static LocalAnswer json(byte[] body) {
    return new LocalAnswer(200, "application/json", List.of(body));
  }

  /** The text of the last user message (string content, or its text parts joined). */
  static String lastUserText(JsonNode messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      JsonNode message = messages.get(i);
      if (!"user".equals(message.path("role").asText())) {
        continue;
      }
      JsonNode content = message.path("content");
      if (content.isTextual()) {
        return content.asText();
      }
      StringBuilder text = new StringBuilder();
      for (JsonNode part : content) {
        if ("text".equals(part.path("type").asText())) {
          text.append(part.path("text").asText());
        }
      }
      return text.toString();
    }
    return "";
  }
}
