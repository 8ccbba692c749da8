/**
 * Anthropic Messages clients ({@code POST /v1/messages}) on top of a pipeline that speaks OpenAI
 * Chat Completions: pure translations on bytes, no I/O.
 *
 * <ul>
 *   <li>{@link dev.sluice.api.anthropic.AnthropicRequests#toOpenAi}: the client's Anthropic
 *       request to the OpenAI request the pipeline routes, or a 400 naming the Anthropic field
 *       that cannot be expressed (nothing is dropped silently);
 *   <li>{@link dev.sluice.api.anthropic.AnthropicResponses#fromOpenAi}: a {@code chat.completion}
 *       back to an Anthropic {@code message};
 *   <li>{@link dev.sluice.api.anthropic.AnthropicStreamWriter}: a {@code chat.completion.chunk}
 *       stream back to Anthropic's SSE events, one writer per stream;
 *   <li>{@link dev.sluice.api.anthropic.AnthropicErrors}: a {@link dev.sluice.api.GatewayError} in
 *       Anthropic's error shape, as a body or as a final SSE event.
 * </ul>
 *
 * Usage is reported the Anthropic way: {@code input_tokens} excludes cache reads, which are
 * {@code cache_read_input_tokens}; OpenAI's {@code prompt_tokens} includes them.
 */
package dev.sluice.api.anthropic;
