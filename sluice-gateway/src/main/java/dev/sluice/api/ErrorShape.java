package dev.sluice.api;

/**
 * How one client API writes errors: OpenAI's {@code {"error":{...}}} on {@code /v1/chat/...},
 * Anthropic's {@code {"type":"error","error":{...}}} on {@code /v1/messages}. The server picks
 * the shape by endpoint; everything upstream of it deals in {@link GatewayError}s only.
 */
public interface ErrorShape {

  /** The machine-readable code, also logged as {@code error_code}. */
  String code(GatewayError error);

  /** The JSON body of an error answer; {@code requestId} is the {@code x-request-id} answered. */
  byte[] body(GatewayError error, String requestId);

  /** The final SSE event for a failure after a stream started. */
  byte[] sseEvent(GatewayError error, String requestId);
}
