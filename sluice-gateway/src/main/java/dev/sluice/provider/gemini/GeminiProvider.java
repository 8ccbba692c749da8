package dev.sluice.provider.gemini;

import dev.sluice.provider.ProviderException;
import dev.sluice.provider.UpstreamRequest;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The Gemini API (Google AI Studio) with an API key, sent as {@code x-goog-api-key} (never in
 * the URL, where it would end up in access logs): {@code /v1beta/models/{model}:generateContent},
 * {@code :streamGenerateContent?alt=sse} and {@code :batchEmbedContents}.
 */
public final class GeminiProvider extends GenerateContentProvider {
  private final String basePath;
  private final UpstreamRequest.Header apiKey;

  /**
   * @param basePath the path of the backend's URL, prepended to {@code /v1beta/...} ("" for none)
   * @param apiKey the backend's Gemini API key
   */
  public GeminiProvider(String backend, String basePath, String apiKey) {
    this(backend, basePath, apiKey, InstantSource.system());
  }

  GeminiProvider(String backend, String basePath, String apiKey, InstantSource clock) {
    super(backend, clock);
    this.basePath = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
    this.apiKey = new UpstreamRequest.Header("x-goog-api-key", Objects.requireNonNull(apiKey, "apiKey"));
  }

  @Override
  public String providerName() {
    return "gcp.gemini";
  }

  @Override
  protected String generatePath(String model, boolean stream) {
    return basePath + "/v1beta/models/" + modelSegment(model)
        + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
  }

  @Override
  protected String embeddingsPath(String model) {
    return basePath + "/v1beta/models/" + modelSegment(model) + ":batchEmbedContents";
  }

  @Override
  protected byte[] embeddingsBody(EmbeddingsRequest request, String model) {
    return GeminiEmbeddings.body(request, model);
  }

  @Override
  protected Embeddings readEmbeddings(byte[] body) throws ProviderException {
    return GeminiEmbeddings.read(body);
  }

  @Override
  protected UpstreamRequest.Header credential() {
    return apiKey;
  }
}
