package dev.sluice.api;

/**
 * What the client sent, parsed once into the few fields the pipeline decides on, with the raw
 * bytes kept for translation (OpenAI-to-OpenAI forwards them untouched where it can).
 *
 * @param maxOutputTokens {@code max_completion_tokens} or {@code max_tokens}; -1 when absent
 * @param includeUsage the client asked for {@code stream_options.include_usage}
 */
public record ClientRequest(
    Endpoint endpoint,
    byte[] body,
    String model,
    boolean stream,
    boolean includeUsage,
    long maxOutputTokens) {

  /** A request with no body (GET /v1/models). */
  public static ClientRequest bodiless(Endpoint endpoint) {
    return new ClientRequest(endpoint, new byte[0], null, false, false, -1);
  }
}
