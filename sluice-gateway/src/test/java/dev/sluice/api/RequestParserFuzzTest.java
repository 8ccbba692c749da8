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
        parsesAlikeEstimatingOrNot(endpoint, body);
      }
    } catch (RequestParser.InvalidRequestException refused) {
      refused.error(); // must be renderable
    } catch (AnthropicRequestException refused) {
      refused.getMessage();
    }
  }

  /**
   * The pipeline parses with the prompt estimate when its configuration counts tokens: that pass
   * must accept and refuse exactly what the plain one does, and count what estimatePrompt counts.
   */
  private static void parsesAlikeEstimatingOrNot(Endpoint endpoint, byte[] body)
      throws RequestParser.InvalidRequestException {
    ClientRequest plain;
    try {
      plain = RequestParser.parse(endpoint, body);
    } catch (RequestParser.InvalidRequestException refused) {
      try {
        RequestParser.parseEstimating(endpoint, body);
      } catch (RequestParser.InvalidRequestException alsoRefused) {
        if (!alsoRefused.error().equals(refused.error())) {
          throw new AssertionError(alsoRefused.error() + " estimating, " + refused.error() + " not");
        }
        throw refused;
      }
      throw new AssertionError("accepted while estimating, refused otherwise: " + refused.error());
    }
    RequestParser.Estimated estimated = RequestParser.parseEstimating(endpoint, body);
    ClientRequest r = estimated.request();
    if (!r.model().equals(plain.model()) || r.stream() != plain.stream()
        || r.includeUsage() != plain.includeUsage() || r.maxOutputTokens() != plain.maxOutputTokens()) {
      throw new AssertionError("parsed differently while estimating: " + r + " vs " + plain);
    }
    long separately = TokenCounter.estimatePrompt(plain);
    if (estimated.promptTokens() != separately) {
      throw new AssertionError("estimated " + estimated.promptTokens() + " in the parse, "
          + separately + " on its own");
    }
  }
}
