package dev.sluice.provider.anthropic;

import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.provider.Provider;
import dev.sluice.provider.ProviderException;
import dev.sluice.provider.StreamTranslator;
import dev.sluice.provider.TranslatedResponse;
import dev.sluice.provider.UnsupportedFieldException;
import dev.sluice.provider.UpstreamError;
import dev.sluice.provider.UpstreamRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic's Messages API ({@code POST /v1/messages}) behind OpenAI's Chat Completions: the
 * request is rebuilt in Anthropic's shape ({@link AnthropicRequests}), answers and streams are
 * rebuilt in OpenAI's. Anthropic serves no embeddings.
 */
public final class AnthropicProvider implements Provider {
  /** The API version this translation follows; Anthropic requires the header on every call. */
  static final String API_VERSION = "2023-06-01";

  private final String backend;
  private final String path;
  private final List<UpstreamRequest.Header> authHeaders;
  private final Clock clock;

  /**
   * @param basePath the path of the backend's URL, prepended to {@code /v1/messages} ("" for none)
   * @param apiKey sent as {@code x-api-key}; null or empty sends none (a proxy that adds its own)
   */
  public AnthropicProvider(String backend, String basePath, String apiKey) {
    this(backend, basePath, apiKey, Clock.systemUTC());
  }

  /** @param clock the source of the {@code created} time OpenAI's answers carry */
  AnthropicProvider(String backend, String basePath, String apiKey, Clock clock) {
    this.backend = backend;
    String base = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
    this.path = base + "/v1/messages";
    List<UpstreamRequest.Header> auth = new ArrayList<>(2);
    if (apiKey != null && !apiKey.isEmpty()) {
      auth.add(new UpstreamRequest.Header("x-api-key", apiKey));
    }
    auth.add(new UpstreamRequest.Header("anthropic-version", API_VERSION));
    this.authHeaders = List.copyOf(auth);
    this.clock = clock;
  }

  @Override
  public String backend() {
    return backend;
  }

  @Override
  public String providerName() {
    return "anthropic";
  }

  @Override
  public UpstreamRequest translateRequest(ClientRequest request, String upstreamModel)
      throws ProviderException {
    if (request.endpoint() != Endpoint.CHAT) {
      // The route may have another target that serves embeddings; this one never will.
      throw new UnsupportedFieldException("model", "backend '" + backend + "' is an Anthropic "
          + "backend, which does not serve " + request.endpoint().logName());
    }
    byte[] body = passesThrough(request)
        ? AnthropicPassThrough.body(request.anthropicBody(), request.model(), upstreamModel)
        : AnthropicRequests.body(request, upstreamModel);
    List<UpstreamRequest.Header> headers = new ArrayList<>(authHeaders.size() + 2);
    headers.add(new UpstreamRequest.Header("content-type", "application/json"));
    headers.add(new UpstreamRequest.Header(
        "accept", request.stream() ? "text/event-stream" : "application/json"));
    headers.addAll(authHeaders);
    return new UpstreamRequest("POST", path, headers, body);
  }

  /** An Anthropic client's own body is sent as it came, and the answer relayed as it comes. */
  @Override
  public boolean passesThrough(ClientRequest request) {
    return request.anthropicBody() != null;
  }

  @Override
  public TranslatedResponse translateResponse(ClientRequest request, byte[] body)
      throws ProviderException {
    return passesThrough(request)
        ? AnthropicPassThrough.response(body)
        : AnthropicResponses.translate(body, clock.instant().getEpochSecond());
  }

  @Override
  public StreamTranslator newStreamTranslator(ClientRequest request) {
    return passesThrough(request)
        ? new AnthropicPassThrough.Stream()
        : new AnthropicStreamTranslator(request.includeUsage(), clock.instant().getEpochSecond());
  }

  @Override
  public UpstreamError translateError(int status, byte[] body) {
    return AnthropicErrors.read(status, body);
  }
}
