package dev.sluice.provider.bedrock;

import dev.sluice.provider.UpstreamRequest;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Signs Bedrock requests with AWS Signature Version 4, by the AWS SDK's own signer (service
 * {@code bedrock}, the body's SHA-256 in the signature). Signing is CPU only (HMACs over the
 * canonical request), so it runs in {@code translateRequest}, on the event loop.
 *
 * <p>The signed {@code host} header is sent as signed, rather than left to the HTTP client, so
 * the host the signature covers is, by construction, the one Bedrock receives.
 */
final class BedrockSigner {
  static final String SERVICE = "bedrock";

  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final AwsCredentialsIdentity identity;
  private final String region;
  private final Clock clock;
  private final String scheme;
  private final String host;
  private final int port;

  /** @param sessionToken null or empty for long-term credentials */
  BedrockSigner(URI url, String region, String accessKeyId, String secretAccessKey,
      String sessionToken, Clock clock) {
    this.identity = sessionToken == null || sessionToken.isEmpty()
        ? AwsCredentialsIdentity.create(accessKeyId, secretAccessKey)
        : AwsSessionCredentialsIdentity.create(accessKeyId, secretAccessKey, sessionToken);
    this.region = region;
    this.clock = clock;
    this.scheme = url.getScheme().toLowerCase(Locale.ROOT);
    this.host = url.getHost();
    this.port = url.getPort() > 0 ? url.getPort() : ("https".equals(scheme) ? 443 : 80);
    // The first signature loads and initialises the signer's classes (tens of milliseconds):
    // pay that here, at configuration time, instead of on an event loop with a request waiting.
    sign("/", List.of(), new byte[0]);
  }

  /**
   * The request's headers plus the signature's: {@code host}, {@code x-amz-date},
   * {@code x-amz-content-sha256}, {@code x-amz-security-token} (temporary credentials) and
   * {@code authorization}. Names are lower case, as HTTP/2 requires and SigV4 canonicalises.
   *
   * @param encodedPath the path exactly as sent, already percent-encoded
   */
  List<UpstreamRequest.Header> sign(String encodedPath, List<UpstreamRequest.Header> headers,
      byte[] body) {
    SdkHttpRequest.Builder request = SdkHttpRequest.builder()
        .protocol(scheme)
        .host(host)
        .port(port)
        .encodedPath(encodedPath)
        .method(SdkHttpMethod.POST);
    for (UpstreamRequest.Header header : headers) {
      request.putHeader(header.name(), header.value());
    }
    SignedRequest signed = signer.sign(r -> r
        .identity(identity)
        .request(request.build())
        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(HttpSigner.SIGNING_CLOCK, clock));
    List<UpstreamRequest.Header> result = new ArrayList<>(headers.size() + 5);
    for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      for (String value : header.getValue()) {
        result.add(new UpstreamRequest.Header(name, value));
      }
    }
    return List.copyOf(result);
  }
}
