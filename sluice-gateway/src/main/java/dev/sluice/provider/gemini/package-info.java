/**
 * Google's {@code generateContent} wire format, shared by the Gemini API and Vertex AI, and the
 * Gemini API provider itself (API key in {@code x-goog-api-key}).
 *
 * <p>{@link dev.sluice.provider.gemini.GenerateContentProvider} translates once for both:
 * OpenAI requests to {@code GenerateContentRequest}s (messages, content parts, tools, sampling;
 * what Gemini cannot express is refused, naming the field), answers and SSE streams back to
 * OpenAI's {@code chat.completion} and {@code chat.completion.chunk}s with their usage (cached
 * and thinking tokens included), Google's errors to OpenAI's fields. Subclasses say where a
 * request goes, with which credential, and how their embeddings endpoint speaks.
 */
package dev.sluice.provider.gemini;
