package dev.sluice.upstream;

import io.vertx.core.http.HttpHeaders;
import java.util.Map;

/**
 * Pre-encoded forms of the header names and values providers send on every request: Vert.x
 * skips validating and rehashing them (both showed in the request-path profile).
 */
final class HeaderNames {
  private static final Map<String, CharSequence> NAMES = Map.of(
      "content-type", HttpHeaders.createOptimized("content-type"),
      "accept", HttpHeaders.createOptimized("accept"),
      "authorization", HttpHeaders.createOptimized("authorization"),
      "x-api-key", HttpHeaders.createOptimized("x-api-key"),
      "api-key", HttpHeaders.createOptimized("api-key"),
      "anthropic-version", HttpHeaders.createOptimized("anthropic-version"),
      "traceparent", HttpHeaders.createOptimized("traceparent"));
  private static final Map<String, CharSequence> VALUES = Map.of(
      "application/json", HttpHeaders.createOptimized("application/json"),
      "text/event-stream", HttpHeaders.createOptimized("text/event-stream"));

  private HeaderNames() {}

  static CharSequence optimized(String name) {
    return NAMES.getOrDefault(name, name);
  }

  static CharSequence optimizedValue(String value) {
    return VALUES.getOrDefault(value, value);
  }
}
