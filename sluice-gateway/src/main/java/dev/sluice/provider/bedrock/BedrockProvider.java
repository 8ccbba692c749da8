package dev.sluice.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.provider.Provider;
import dev.sluice.provider.OpenAiChunkWriter;
import dev.sluice.provider.ProviderException;
import dev.sluice.provider.StreamTranslator;
import dev.sluice.provider.TranslatedResponse;
import dev.sluice.provider.UpstreamError;
import dev.sluice.provider.UpstreamRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Amazon Bedrock: chat through Converse ({@code POST /model/{modelId}/converse}) and
 * ConverseStream ({@code /converse-stream}, answered in AWS event-stream frames), embeddings
 * through Titan Text Embeddings ({@code /model/{modelId}/invoke}); every request signed with
 * SigV4 from the backend's static AWS credentials.
 *
 * <p>Bedrock's answers carry no completion id or creation time, so Sluice makes them: a random
 * {@code chatcmpl-} id and the clock's second. Their {@code model} is the model the client
 * asked for (translation does not see the upstream model id, and the client knows the former).
 */
public final class BedrockProvider implements Provider {
  private static final String JSON = "application/json";
  private static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

  private final String backend;
  private final String basePath;
  private final BedrockSigner signer;
  private final Clock clock;
  private final Supplier<String> ids;

  /**
   * @param url the endpoint, e.g. {@code https://bedrock-runtime.us-east-1.amazonaws.com}; a
   *     path (a proxy's, say) is kept in front of Bedrock's
   * @param sessionToken for temporary credentials; null or empty for long-term ones
   */
  public BedrockProvider(String backend, String url, String region, String accessKeyId,
      String secretAccessKey, String sessionToken) {
    this(backend, url, region, accessKeyId, secretAccessKey, sessionToken, Clock.systemUTC(),
        BedrockProvider::randomId);
  }

  /** With the signing and {@code created} clock and the completion ids fixed, for tests. */
  BedrockProvider(String backend, String url, String region, String accessKeyId,
      String secretAccessKey, String sessionToken, Clock clock, Supplier<String> ids) {
    require("url", url);
    require("region", region);
    require("accessKeyId", accessKeyId);
    require("secretAccessKey", secretAccessKey);
    URI uri = URI.create(url);
    if (uri.getHost() == null || uri.getScheme() == null) {
      throw new IllegalArgumentException("url: '" + url + "' (expected: http(s)://host[:port])");
    }
    this.backend = backend;
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.clock = clock;
    this.ids = ids;
    this.signer = new BedrockSigner(uri, region, accessKeyId, secretAccessKey, sessionToken, clock);
  }

  @Override
  public String backend() {
    return backend;
  }

  @Override
  public String providerName() {
    return "aws.bedrock"; // OpenTelemetry GenAI semantic conventions' name for Bedrock
  }

  @Override
  public UpstreamRequest translateRequest(ClientRequest request, String upstreamModel)
      throws ProviderException {
    JsonNode body = parse(request.body());
    // AWS percent-encodes the model id as one path segment: ':' of versions and '/' of ARNs.
    String model = basePath + "/model/" + SdkHttpUtils.urlEncode(upstreamModel);
    String path;
    byte[] bytes;
    String accept = JSON;
    switch (request.endpoint()) {
      case CHAT -> {
        bytes = Json.bytes(ConverseRequest.translate(request, body));
        path = model + (request.stream() ? "/converse-stream" : "/converse");
        accept = request.stream() ? EVENT_STREAM : JSON;
      }
      case EMBEDDINGS -> {
        bytes = Json.bytes(TitanEmbeddings.request(body));
        path = model + "/invoke";
      }
      default -> throw new ProviderException(
          "Bedrock serves chat completions and embeddings, not " + request.endpoint().logName());
    }
    List<UpstreamRequest.Header> headers = List.of(
        new UpstreamRequest.Header("content-type", JSON),
        new UpstreamRequest.Header("accept", accept));
    return new UpstreamRequest("POST", path, signer.sign(path, headers, bytes), bytes);
  }

  @Override
  public TranslatedResponse translateResponse(ClientRequest request, byte[] body)
      throws ProviderException {
    if (request.endpoint() == Endpoint.EMBEDDINGS) {
      return TitanEmbeddings.response(body, parse(request.body()), request.model());
    }
    return ConverseResponse.translate(body, ids.get(), clock.instant().getEpochSecond(),
        request.model());
  }

  @Override
  public StreamTranslator newStreamTranslator(ClientRequest request) {
    OpenAiChunkWriter out = new OpenAiChunkWriter(ids.get(), clock.instant().getEpochSecond(), request.model());
    return new ConverseStreamTranslator(out, request.includeUsage());
  }

  @Override
  public UpstreamError translateError(int status, byte[] body) {
    return BedrockErrors.read(status, body);
  }

  private static JsonNode parse(byte[] body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (IOException e) {
      // RequestParser validated the body on arrival: failing here is a defect, not bad input.
      throw new UncheckedIOException(e);
    }
  }

  private static void require(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + ": missing (a Bedrock backend needs it)");
    }
  }

  private static String randomId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return "chatcmpl-" + Long.toHexString(random.nextLong() | Long.MIN_VALUE)
        + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
  }
}
