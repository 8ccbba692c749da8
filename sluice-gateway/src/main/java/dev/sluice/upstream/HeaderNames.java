package dev.sluice.upstream;

import io.vertx.core.http.HttpHeaders;
import java.util.Arrays;

/**
 * Pre-encoded forms of the header names and values Sluice writes on most requests to providers
 * and answers to clients: Vert.x checks and encodes a String name or value on every write, a
 * pre-encoded one not at all (both showed in the request-path profile). The upstream stage and
 * the server's channel both look names up here.
 *
 * <p>Found by identity in a short array: the callers pass string literals or compile-time
 * constants ({@code RateLimitHeaders}' names, a provider's {@code "authorization"}), one
 * instance each in the JVM. A map's lookup (hash, probe, equals) showed at ~35 ns a header in
 * the answer's profile, its table and entries out of cache. A String equal to a listed one but
 * built at run time is written as it is, unencoded: correct, only slower.
 */
public final class HeaderNames {
  private static final String[] NAMES = {
      // to providers
      "content-type", "accept", "authorization", "x-api-key", "api-key", "anthropic-version",
      "traceparent",
      // to clients (and content-type, above)
      "x-request-id", "cache-control",
      "x-sluice-backend", "x-sluice-attempts", "retry-after",
      "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests",
      "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens"};
  private static final String[] VALUES = {"application/json", "text/event-stream", "no-cache"};
  private static final CharSequence[] ENCODED_NAMES = encode(NAMES);
  private static final CharSequence[] ENCODED_VALUES = encode(VALUES);

  private HeaderNames() {}

  /** The pre-encoded form of {@code name} if it is one of the listed constants, else the name. */
  public static CharSequence optimized(String name) {
    return find(name, NAMES, ENCODED_NAMES);
  }

  /** The same for a value. */
  public static CharSequence optimizedValue(String value) {
    return find(value, VALUES, ENCODED_VALUES);
  }

  private static CharSequence find(String text, String[] listed, CharSequence[] encoded) {
    for (int i = 0; i < listed.length; i++) {
      if (listed[i] == text) { // identity, on purpose: see the class comment
        return encoded[i];
      }
    }
    return text;
  }

  private static CharSequence[] encode(String[] texts) {
    return Arrays.stream(texts).map(HttpHeaders::createOptimized).toArray(CharSequence[]::new);
  }
}
