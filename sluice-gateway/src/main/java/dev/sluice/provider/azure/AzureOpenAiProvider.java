package dev.sluice.provider.azure;

import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.provider.UpstreamRequest;
import dev.sluice.provider.openai.OpenAiProvider;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Azure OpenAI: OpenAI's schema, so the request, answer, stream and error handling are the
 * OpenAI provider's; only where the request goes and how it is authorized differ. The model
 * picks a deployment ({@code deployments} maps model to deployment; a model not in the map is
 * taken as the deployment's name), and the path is
 * {@code /openai/deployments/{deployment}/chat/completions?api-version=...} (or
 * {@code /embeddings}). The key goes in Azure's {@code api-key} header, not as a Bearer token.
 * The body keeps its {@code model}: Azure routes by the path and ignores it.
 */
public final class AzureOpenAiProvider extends OpenAiProvider {
  private final String basePath;
  private final String apiVersion;
  private final Map<String, String> deployments;
  private final UpstreamRequest.Header apiKey;

  /**
   * @param basePath the path of the backend's URL, prepended to {@code /openai/...} ("" for none)
   * @param apiVersion Azure's {@code api-version}, e.g. {@code 2024-10-21}
   * @param deployments model name to deployment name; null or empty for none
   */
  public AzureOpenAiProvider(String backend, String basePath, String apiKey, String apiVersion,
      Map<String, String> deployments) {
    super(backend, "azure.ai.openai", basePath, null); // no Bearer token: Azure's key is api-key
    this.basePath = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
    this.apiVersion = encode(Objects.requireNonNull(apiVersion, "apiVersion"));
    this.deployments = deployments == null ? Map.of() : Map.copyOf(deployments);
    this.apiKey = new UpstreamRequest.Header("api-key", Objects.requireNonNull(apiKey, "apiKey"));
  }

  @Override
  public UpstreamRequest translateRequest(ClientRequest request, String upstreamModel) {
    UpstreamRequest openAi = super.translateRequest(request, upstreamModel);
    List<UpstreamRequest.Header> headers = new ArrayList<>(openAi.headers().size() + 1);
    headers.addAll(openAi.headers());
    headers.add(apiKey);
    return new UpstreamRequest(openAi.method(), deploymentPath(request.endpoint(), upstreamModel),
        headers, openAi.body());
  }

  /** The deployment's path for the endpoint; the deployment is encoded as one path segment. */
  String deploymentPath(Endpoint endpoint, String model) {
    String operation = endpoint == Endpoint.EMBEDDINGS ? "/embeddings" : "/chat/completions";
    return basePath + "/openai/deployments/" + encode(deployments.getOrDefault(model, model))
        + operation + "?api-version=" + apiVersion;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
