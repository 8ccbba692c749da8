package dev.sluice.provider.vertex;

import dev.sluice.provider.ProviderException;
import dev.sluice.provider.UpstreamRequest;
import dev.sluice.provider.gemini.Embeddings;
import dev.sluice.provider.gemini.EmbeddingsRequest;
import dev.sluice.provider.gemini.GenerateContentProvider;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * Gemini on Vertex AI: the same bodies as the Gemini API at
 * {@code /v1/projects/{project}/locations/{region}/publishers/google/models/{model}:generateContent}
 * (and {@code :streamGenerateContent?alt=sse}, {@code :predict} for embeddings), authorized by an
 * OAuth2 access token of a service account. The token comes from an {@link AccessTokenHolder}
 * refreshed on its own thread; when it has none (the first fetch is pending, or fetching keeps
 * failing) a request is refused with a {@link ProviderException} and Sluice retries or fails over.
 * {@link #close()} stops the refresh thread and must be called when the backend is retired.
 */
public final class VertexProvider extends GenerateContentProvider implements AutoCloseable {
  private final String modelsPath;
  private final AccessTokenHolder tokens;

  /**
   * A provider whose tokens come from a service-account JSON key file (its {@code token_uri}
   * honoured). The file is read now; the first token is fetched in the background.
   *
   * @throws IllegalArgumentException when the file cannot be read or is not a service-account key
   */
  public static VertexProvider fromServiceAccount(
      String backend, String basePath, String project, String region, Path credentialsFile) {
    ServiceAccountTokens source;
    try {
      source = ServiceAccountTokens.fromFile(credentialsFile);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("backends: credentialsFile '" + credentialsFile
          + "' of backend '" + backend + "' is not a readable service-account key: " + e.getMessage());
    }
    return new VertexProvider(backend, basePath, project, region,
        AccessTokenHolder.start(backend, source), InstantSource.system());
  }

  /** @param basePath the path of the backend's URL, prepended to {@code /v1/...} ("" for none) */
  public VertexProvider(String backend, String basePath, String project, String region,
      AccessTokenHolder tokens) {
    this(backend, basePath, project, region, tokens, InstantSource.system());
  }

  VertexProvider(String backend, String basePath, String project, String region,
      AccessTokenHolder tokens, InstantSource clock) {
    super(backend, clock);
    String base = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
    this.modelsPath = base + "/v1/projects/" + encode(project) + "/locations/" + encode(region)
        + "/publishers/google/models/";
    this.tokens = tokens;
  }

  @Override
  public String providerName() {
    return "gcp.vertex_ai";
  }

  @Override
  protected String generatePath(String model, boolean stream) {
    return modelsPath + modelSegment(model)
        + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
  }

  @Override
  protected String embeddingsPath(String model) {
    return modelsPath + modelSegment(model) + ":predict";
  }

  @Override
  protected byte[] embeddingsBody(EmbeddingsRequest request, String model) {
    return VertexEmbeddings.body(request);
  }

  @Override
  protected Embeddings readEmbeddings(byte[] body) throws ProviderException {
    return VertexEmbeddings.read(body);
  }

  @Override
  protected UpstreamRequest.Header credential() throws ProviderException {
    String token = tokens.current();
    if (token == null) {
      throw new ProviderException("no access token yet for backend '" + backend() + "' ("
          + tokens.problem() + ")");
    }
    return new UpstreamRequest.Header("authorization", "Bearer " + token);
  }

  @Override
  public void close() {
    tokens.close();
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
