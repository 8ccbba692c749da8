package dev.sluice.server;

import dev.sluice.pipeline.RequestHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/**
 * The pipeline's view of the request headers. The names stages ask for on every request map to
 * pre-encoded constants, whose hash Vert.x need not compute again per lookup.
 */
final class VertxHeaders implements RequestHeaders {
  private static final CharSequence AUTHORIZATION = HttpHeaders.createOptimized("authorization");
  private static final CharSequence X_API_KEY = HttpHeaders.createOptimized("x-api-key");
  private static final CharSequence API_KEY = HttpHeaders.createOptimized("api-key");
  private static final CharSequence AGENT = HttpHeaders.createOptimized("x-sluice-agent");

  private final MultiMap headers;

  VertxHeaders(MultiMap headers) {
    this.headers = headers;
  }

  @Override
  public String get(String name) {
    CharSequence key = switch (name) {
      case "authorization" -> AUTHORIZATION;
      case "x-api-key" -> X_API_KEY;
      case "api-key" -> API_KEY;
      case "x-sluice-agent" -> AGENT;
      default -> name;
    };
    return headers.get(key);
  }
}
