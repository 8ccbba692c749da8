package dev.sluice.api.anthropic;

/**
 * The OpenAI-shaped answer could not be said in Anthropic's shape: a stream that ended before
 * {@code [DONE]}, an error chunk, tool arguments that are not a JSON object. The caller answers
 * with an upstream failure ({@link AnthropicErrors#body} before the answer started, or
 * {@link AnthropicErrors#sseEvent} to end a stream that already started). No stack trace.
 */
public final class AnthropicTranslationException extends Exception {
  AnthropicTranslationException(String message) {
    super(message, null, false, false);
  }
}
