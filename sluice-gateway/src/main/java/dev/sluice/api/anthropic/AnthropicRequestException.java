package dev.sluice.api.anthropic;

import dev.sluice.api.GatewayError;

/**
 * An Anthropic request Sluice answers with a 400: malformed, or asking for something the OpenAI
 * request it becomes cannot express. {@code param} uses Anthropic's field names and paths
 * ({@code messages.2.content.0.source}). No stack trace: this is a normal rejection path.
 */
public final class AnthropicRequestException extends Exception {
  private final GatewayError.InvalidRequest error;

  AnthropicRequestException(String code, String param, String reason) {
    super(param == null ? reason : param + ": " + reason, null, false, false);
    this.error = new GatewayError.InvalidRequest(code, getMessage(), param);
  }

  /** The 400 to answer, rendered by {@link AnthropicErrors}. */
  public GatewayError.InvalidRequest error() {
    return error;
  }

  static AnthropicRequestException missing(String param) {
    return new AnthropicRequestException("missing_required_parameter", param, "Field required");
  }

  static AnthropicRequestException wrongType(String param, String expected) {
    return new AnthropicRequestException("invalid_type", param, "expected " + expected);
  }

  static AnthropicRequestException invalid(String param, String reason) {
    return new AnthropicRequestException("invalid_value", param, reason);
  }

  /** A field that is valid Anthropic but has no OpenAI equivalent: refused, never dropped. */
  static AnthropicRequestException unsupported(String param, String reason) {
    return new AnthropicRequestException("unsupported_parameter", param, reason);
  }
}
