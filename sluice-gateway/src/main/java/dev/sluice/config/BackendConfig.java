package dev.sluice.config;

import java.time.Duration;
import java.util.Map;

/**
 * {@code backends[]}: one upstream provider endpoint with its own credential. Provider-specific
 * fields (apiVersion, deployments, region, aws, project, credentialsFile) are null for the
 * types that do not use them; the validator rejects them where they do not belong. An absent
 * {@code url} becomes {@link BackendType#defaultUrl(String)} (null for mock).
 *
 * @param http2 speak HTTP/2 to the backend (ALPN over TLS, falling back to HTTP/1.1 when the
 *     server does not offer it; prior knowledge over cleartext): many streams share a few
 *     connections instead of one connection each. Off by default.
 */
public record BackendConfig(
    String name,
    BackendType type,
    String url,
    String apiKey,
    Timeouts timeouts,
    Integer maxConcurrent,
    Boolean http2,
    CircuitBreakerConfig circuitBreaker,
    String apiVersion,
    Map<String, String> deployments,
    String region,
    AwsCredentials aws,
    String project,
    String credentialsFile) {

  public static final int DEFAULT_MAX_CONCURRENT = 1024;

  public BackendConfig {
    // Absent or empty url ("${URL:-}"): the provider's public endpoint (SPEC §4). Trailing
    // slashes are dropped so that appending "/v1/chat/completions" never yields "//v1".
    if (url == null || url.isBlank()) {
      url = type == null ? null : type.defaultUrl(region);
    }
    while (url != null && url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    timeouts = timeouts == null ? Timeouts.defaults() : timeouts;
    maxConcurrent = maxConcurrent == null ? DEFAULT_MAX_CONCURRENT : maxConcurrent;
    http2 = http2 != null && http2;
    deployments = Lists.copy(deployments);
  }

  @Override
  public String toString() {
    return "BackendConfig[name=" + name + ", type=" + type + ", url=" + url + "]";
  }

  /** Per-attempt timeouts: TCP connect, first response byte, silence between stream chunks. */
  public record Timeouts(Duration connect, Duration firstByte, Duration idle) {
    public Timeouts {
      connect = connect == null ? Duration.ofSeconds(2) : connect;
      firstByte = firstByte == null ? Duration.ofSeconds(60) : firstByte;
      idle = idle == null ? Duration.ofSeconds(60) : idle;
    }

    public static Timeouts defaults() {
      return new Timeouts(null, null, null);
    }
  }

  /** {@code circuitBreaker}: when a backend stops being tried; absent, it always is (upstream.BackendCircuit). */
  public record CircuitBreakerConfig(
      Integer consecutiveFailures,
      Percent failureRate,
      Integer minRequests,
      Duration window,
      Duration openFor,
      Integer halfOpenProbes) {}

  /** Static AWS credentials for SigV4; sessionToken may be empty. */
  public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
    @Override
    public String toString() {
      return "AwsCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=<redacted>]";
    }
  }
}
