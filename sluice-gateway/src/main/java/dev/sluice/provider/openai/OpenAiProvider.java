package dev.sluice.provider.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.provider.Bytes;
import dev.sluice.provider.JsonScan;
import dev.sluice.provider.Provider;
import dev.sluice.provider.ProviderException;
import dev.sluice.provider.StreamTranslator;
import dev.sluice.provider.TokenUsage;
import dev.sluice.provider.TranslatedResponse;
import dev.sluice.provider.UpstreamError;
import dev.sluice.provider.UpstreamRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI and OpenAI-compatible servers (vLLM, Ollama, llama.cpp, TGI): the client's schema is
 * theirs, so the body is forwarded as it came, unless the model must be renamed or a stream must
 * be told to report usage; answers are relayed unchanged while their usage is read.
 */
public class OpenAiProvider implements Provider {
  private static final JsonFactory JSON = new JsonFactory();
  private static final byte[] USAGE_FIELD = Bytes.ascii("\"usage\"");

  private final String backend;
  private final String providerName;
  private final String basePath;
  private final List<UpstreamRequest.Header> authHeaders;

  /**
   * @param basePath the path of the backend's URL, prepended to {@code /v1/...} ("" for none)
   * @param apiKey sent as a Bearer token; null or empty sends none (local servers)
   */
  public OpenAiProvider(String backend, String providerName, String basePath, String apiKey) {
    this.backend = backend;
    this.providerName = providerName;
    this.basePath = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
    this.authHeaders = apiKey == null || apiKey.isEmpty()
        ? List.of()
        : List.of(new UpstreamRequest.Header("authorization", "Bearer " + apiKey));
  }

  @Override
  public String backend() {
    return backend;
  }

  @Override
  public String providerName() {
    return providerName;
  }

  @Override
  public UpstreamRequest translateRequest(ClientRequest request, String upstreamModel) {
    boolean rename = !upstreamModel.equals(request.model());
    boolean forceUsage = request.stream() && !request.includeUsage();
    byte[] body = rename || forceUsage
        ? OpenAiRequests.rewrite(request.body(), upstreamModel, forceUsage)
        : request.body();
    List<UpstreamRequest.Header> headers = new ArrayList<>(authHeaders.size() + 2);
    headers.add(new UpstreamRequest.Header("content-type", "application/json"));
    headers.add(new UpstreamRequest.Header(
        "accept", request.stream() ? "text/event-stream" : "application/json"));
    headers.addAll(authHeaders);
    return new UpstreamRequest("POST", path(request.endpoint()), headers, body);
  }

  /** The upstream path for an endpoint; Azure overrides it with its deployment path. */
  protected String path(Endpoint endpoint) {
    return basePath + endpoint.path();
  }

  @Override
  public TranslatedResponse translateResponse(ClientRequest request, byte[] body)
      throws ProviderException {
    JsonScan.Result scan = JsonScan.topLevelField(body, USAGE_FIELD);
    if (!scan.wholeObject()) {
      throw new ProviderException("malformed JSON in the provider's answer (" + scan.problem() + ")");
    }
    if (scan.valueStart() < 0) {
      return new TranslatedResponse(body, null);
    }
    TokenUsage usage = OpenAiUsageScan.read(body, scan.valueStart());
    if (usage != null) {
      return new TranslatedResponse(body, usage);
    }
    try (JsonParser json = JSON.createParser(body, scan.valueStart(), body.length - scan.valueStart())) {
      json.nextToken();
      return new TranslatedResponse(body, OpenAiUsage.read(json));
    } catch (IOException e) {
      throw new ProviderException("malformed JSON in the provider's usage");
    }
  }

  @Override
  public StreamTranslator newStreamTranslator(ClientRequest request) {
    return new OpenAiStreamTranslator(!request.includeUsage());
  }

  @Override
  public UpstreamError translateError(int status, byte[] body) {
    return OpenAiErrorReader.read(status, body);
  }
}
