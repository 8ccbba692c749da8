package dev.sluice.api;

/**
 * What the client sent, parsed once into the few fields the pipeline decides on, with the raw
 * bytes kept for translation (OpenAI-to-OpenAI forwards them untouched where it can).
 *
 * <p>The pipeline's schema is OpenAI's. A client that spoke another API (Anthropic Messages on
 * {@code /v1/messages}) also leaves its original body here, so that a backend of its own kind
 * can be sent exactly what the client wrote — every field kept, nothing translated twice.
 *
 * @param maxOutputTokens {@code max_completion_tokens} or {@code max_tokens}; -1 when absent
 * @param includeUsage the client asked for {@code stream_options.include_usage}
 * @param anthropicBody the client's Anthropic Messages body, or null for OpenAI clients
 * @param untranslatable why {@code anthropicBody} has no OpenAI form (then {@code body} is
 *     empty and only a backend that takes the Anthropic body as it is can serve the request);
 *     null when it translated
 */
public record ClientRequest(
    Endpoint endpoint,
    byte[] body,
    String model,
    boolean stream,
    boolean includeUsage,
    long maxOutputTokens,
    byte[] anthropicBody,
    GatewayError.InvalidRequest untranslatable) {

  /** An OpenAI client's request. */
  public ClientRequest(Endpoint endpoint, byte[] body, String model, boolean stream,
      boolean includeUsage, long maxOutputTokens) {
    this(endpoint, body, model, stream, includeUsage, maxOutputTokens, null, null);
  }

  /**
   * Above any model's output limit: a larger {@code max_tokens} (a client may send up to
   * 2^63 - 1) is estimated as this, so that an estimate of tokens, or of their price in
   * nano-USD, cannot overflow and turn negative (a negative reservation would make room).
   */
  public static final long MAX_OUTPUT_ESTIMATE = 1L << 31;

  /**
   * The output tokens admission reserves for: none for embeddings, else {@code max_tokens}
   * (at most {@link #MAX_OUTPUT_ESTIMATE}), else {@code defaultTokens}.
   */
  public long outputAllowance(long defaultTokens) {
    if (endpoint == Endpoint.EMBEDDINGS) {
      return 0;
    }
    return maxOutputTokens > 0 ? Math.min(maxOutputTokens, MAX_OUTPUT_ESTIMATE) : defaultTokens;
  }

  /** A request with no body (GET /v1/models). */
  public static ClientRequest bodiless(Endpoint endpoint) {
    return new ClientRequest(endpoint, new byte[0], null, false, false, -1);
  }

  /** This request, as translated from an Anthropic client's body. */
  public ClientRequest fromAnthropic(byte[] original) {
    return new ClientRequest(endpoint, body, model, stream, includeUsage, maxOutputTokens,
        original, null);
  }
}
