package dev.sluice.api;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.api.anthropic.AnthropicRequestException;
import dev.sluice.api.anthropic.AnthropicRequests;

/**
 * Request bodies are untrusted. Whatever a client sends, parsing yields a request or a 400 in the
 * API's shape; any other exception is a defect the fuzzer reports. Anthropic-shaped bodies take
 * the pipeline's path: translated to OpenAI's schema, then parsed.
 */
class RequestParserFuzzTest {
  private static final Endpoint[] BODIES = {Endpoint.CHAT, Endpoint.EMBEDDINGS, Endpoint.MESSAGES};

  @FuzzTest(maxDuration = "10s")
  void anyBodyParsesOrIsRefusedWithA400(FuzzedDataProvider data) {
    Endpoint endpoint = BODIES[data.consumeInt(0, BODIES.length - 1)];
    byte[] body = data.consumeRemainingAsBytes();
    try {
      if (endpoint == Endpoint.MESSAGES) {
        RequestParser.parse(Endpoint.CHAT, AnthropicRequests.toOpenAi(body)).fromAnthropic(body);
      } else {
        RequestParser.parse(endpoint, body);
      }
    } catch (RequestParser.InvalidRequestException refused) {
      refused.error(); // must be renderable
    } catch (AnthropicRequestException refused) {
      refused.getMessage();
    }
  }
}
