package dev.sluice.provider.gemini;

import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.api.TokenCounter;
import dev.sluice.provider.Provider;
import dev.sluice.provider.ProviderException;
import dev.sluice.provider.StreamTranslator;
import dev.sluice.provider.TokenUsage;
import dev.sluice.provider.TranslatedResponse;
import dev.sluice.provider.UnsupportedFieldException;
import dev.sluice.provider.UpstreamError;
import dev.sluice.provider.UpstreamRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;

/**
 * Google's {@code generateContent} wire format, which the Gemini API and Vertex AI share: the
 * request and answer bodies, the stream and the errors are translated here, once. A subclass
 * says where the request goes, with which credential, and how its embeddings endpoint speaks.
 */
public abstract class GenerateContentProvider implements Provider {
  private final String backend;
  private final InstantSource clock;

  /** @param clock stamps {@code created} when Google's answer carries no time of its own */
  protected GenerateContentProvider(String backend, InstantSource clock) {
    this.backend = backend;
    this.clock = clock;
  }

  /** The path and query below the base URL: generateContent, or for a stream its SSE form. */
  protected abstract String generatePath(String model, boolean stream);

  protected abstract String embeddingsPath(String model);

  protected abstract byte[] embeddingsBody(EmbeddingsRequest request, String model);

  protected abstract Embeddings readEmbeddings(byte[] body) throws ProviderException;

  /**
   * The backend's credential as a header. Runs on an event loop: reads what is at hand, never
   * fetches.
   *
   * @throws ProviderException when there is no usable credential yet
   */
  protected abstract UpstreamRequest.Header credential() throws ProviderException;

  @Override
  public final String backend() {
    return backend;
  }

  @Override
  public final UpstreamRequest translateRequest(ClientRequest request, String upstreamModel)
      throws ProviderException {
    String path;
    byte[] body;
    switch (request.endpoint()) {
      case CHAT -> {
        body = GeminiRequests.translate(request);
        path = generatePath(upstreamModel, request.stream());
      }
      case EMBEDDINGS -> {
        body = embeddingsBody(EmbeddingsRequest.parse(request), upstreamModel);
        path = embeddingsPath(upstreamModel);
      }
      default -> throw new ProviderException("backend '" + backend
          + "' serves chat completions and embeddings, not " + request.endpoint().logName());
    }
    // The request is translated before the credential is read, so a field Gemini cannot take
    // is refused the same way whether or not a token is at hand.
    List<UpstreamRequest.Header> headers = List.of(
        new UpstreamRequest.Header("content-type", "application/json"),
        new UpstreamRequest.Header("accept", request.stream() ? "text/event-stream" : "application/json"),
        credential());
    return new UpstreamRequest("POST", path, headers, body);
  }

  @Override
  public final TranslatedResponse translateResponse(ClientRequest request, byte[] body)
      throws ProviderException {
    if (request.endpoint() != Endpoint.EMBEDDINGS) {
      return GeminiResponses.translate(request, body, clock);
    }
    EmbeddingsRequest asked;
    try {
      asked = EmbeddingsRequest.parse(request);
    } catch (UnsupportedFieldException e) {
      throw new ProviderException(e.getMessage()); // it was accepted when sent: cannot happen
    }
    Embeddings embeddings = readEmbeddings(body);
    if (embeddings.vectors().size() != asked.inputs().size()) {
      throw new ProviderException("the provider returned " + embeddings.vectors().size()
          + " embeddings for " + asked.inputs().size() + " inputs");
    }
    // Where the provider counts no tokens, they are estimated (o200k) rather than recorded as
    // zero: a zero would let embeddings pass token limits and budgets for free.
    long tokens = embeddings.inputTokens() >= 0
        ? embeddings.inputTokens() : TokenCounter.estimatePrompt(request);
    byte[] answer = EmbeddingsOutput.write(request.model(), embeddings.vectors(), asked.base64(), tokens);
    return new TranslatedResponse(answer, TokenUsage.of(tokens, 0));
  }

  @Override
  public final StreamTranslator newStreamTranslator(ClientRequest request) {
    return new GeminiStreamTranslator(request, clock);
  }

  @Override
  public final UpstreamError translateError(int status, byte[] body) {
    return GeminiErrors.read(status, body);
  }

  /** The model's id without the {@code models/} prefix some clients write. */
  protected static String bareModel(String model) {
    return model.startsWith("models/") ? model.substring("models/".length()) : model;
  }

  /**
   * The model as one path segment. Encoded, so that no model name a client sends can reach
   * another path or method of the provider (a '/' or ':' in it stays inside the segment).
   */
  protected static String modelSegment(String model) {
    return URLEncoder.encode(bareModel(model), StandardCharsets.UTF_8).replace("+", "%20");
  }
}
