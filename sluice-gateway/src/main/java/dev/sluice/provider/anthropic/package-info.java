/**
 * The Anthropic backend: OpenAI Chat Completions in, Anthropic's Messages API
 * ({@code POST /v1/messages}, {@code x-api-key}, {@code anthropic-version: 2023-06-01}) out.
 *
 * <h2>Request fields</h2>
 *
 * <pre>
 * OpenAI                                   Anthropic
 * model (or the route's upstream model)    model
 * max_completion_tokens / max_tokens       max_tokens (4096 when absent: Anthropic requires it)
 * messages[role=system|developer]          system (a string, or text blocks when several)
 * messages[role=user]                      user turn: text, image (base64 or url source)
 * messages[role=assistant]                 assistant turn: text, tool_use (arguments parsed)
 * messages[role=tool]                      user turn: tool_result
 *   consecutive messages of one role       merged into one turn
 * tools[].function                         tools[]: name, description, input_schema, strict
 * tool_choice auto|none|required|function  tool_choice auto|none|any|tool
 * parallel_tool_calls: false               tool_choice.disable_parallel_tool_use: true
 * stop                                     stop_sequences
 * temperature (0-1), top_p                 temperature, top_p
 * response_format json_schema              output_config.format json_schema
 * service_tier auto|default                service_tier auto|standard_only
 * user, safety_identifier                  metadata.user_id
 * stream                                   stream
 *
 * Accepted only at their no-op value: n (1), presence_penalty and frequency_penalty (0),
 * logprobs (false), top_logprobs (0), logit_bias ({}), reasoning_effort (none),
 * modalities (["text"]).
 * Ignored, changing nothing: stream_options (Sluice's own usage reporting), store, metadata
 * and prompt_cache_key (OpenAI-side storage, its labels, and OpenAI's cache routing).
 * Refused (UnsupportedFieldException naming the field): every other value of the fields above,
 * temperature above 1, seed, response_format json_object, image_url.detail low, the name of a
 * system, user or assistant message (Anthropic has no speaker names),
 * audio and file parts, non-function tools, tool_choice allowed_tools, and any field not listed.
 * </pre>
 *
 * <h2>Answers</h2>
 *
 * Text blocks become {@code content}, {@code tool_use} blocks {@code tool_calls}; stop reasons
 * end_turn and stop_sequence are {@code stop}, max_tokens {@code length}, tool_use
 * {@code tool_calls}, refusal {@code content_filter}. Usage: OpenAI's {@code prompt_tokens} and
 * Sluice's input tokens are {@code input_tokens + cache_read_input_tokens +
 * cache_creation_input_tokens}; cached tokens are the cache reads (see {@code AnthropicUsage}). Streams are translated event by event, usage
 * taken from {@code message_delta} as well as {@code message_start}.
 */
package dev.sluice.provider.anthropic;
