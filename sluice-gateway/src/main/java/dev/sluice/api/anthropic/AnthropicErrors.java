package dev.sluice.api.anthropic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.api.GatewayError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Renders a {@link GatewayError} in Anthropic's error shape,
 * {@code {"type":"error","error":{"type":..,"message":..},"request_id":..}}, with the error
 * types Anthropic's SDKs know (https://docs.claude.com/en/api/errors). The HTTP status stays the
 * error's own; Anthropic's SDKs retry 429 and every 5xx alike.
 */
public final class AnthropicErrors {
  private static final JsonFactory JSON = new JsonFactory();

  private AnthropicErrors() {}

  /**
   * Anthropic's error shape, for the server's channel on {@code /v1/messages}. The logged
   * {@code error_code} stays Sluice's own code, the same on every endpoint.
   */
  public static final dev.sluice.api.ErrorShape SHAPE = new dev.sluice.api.ErrorShape() {
    @Override
    public String code(GatewayError error) {
      return dev.sluice.api.OpenAiErrors.code(error);
    }

    @Override
    public byte[] body(GatewayError error, String requestId) {
      return AnthropicErrors.body(error, requestId);
    }

    @Override
    public byte[] sseEvent(GatewayError error, String requestId) {
      return AnthropicErrors.sseEvent(error, requestId);
    }
  };

  /** The {@code error.type} Anthropic clients switch on. */
  public static String type(GatewayError error) {
    return switch (error) {
      case GatewayError.InvalidRequest e -> "invalid_request_error";
      case GatewayError.InvalidApiKey e -> "authentication_error";
      case GatewayError.ModelNotAllowed e -> "permission_error";
      case GatewayError.RateLimited e -> "rate_limit_error";
      // A spent budget is a quota until its window renews, not a rate: Anthropic's billing type.
      case GatewayError.BudgetExceeded e -> "billing_error";
      case GatewayError.ModelNotFound e -> "not_found_error"; // what Anthropic says for a model it lacks
      case GatewayError.UnknownEndpoint e -> typeForStatus(e.status());
      case GatewayError.RequestTooLarge e -> "request_too_large";
      case GatewayError.UpstreamFailed e -> "api_error";
      // Every target busy or broken: Anthropic's word for "temporarily out of capacity, retry".
      case GatewayError.NoHealthyBackend e -> "overloaded_error";
      case GatewayError.StoreUnavailable e -> "overloaded_error";
      case GatewayError.ShuttingDown e -> "overloaded_error";
      case GatewayError.UpstreamTimeout e -> "timeout_error";
      // The provider's own type is in its API's vocabulary, not Anthropic's: go by the status.
      case GatewayError.ProviderRejected e -> typeForStatus(e.status());
      case GatewayError.Internal e -> "api_error";
    };
  }

  /** Anthropic's type for an HTTP status; other 4xx are invalid requests, other 5xx API errors. */
  static String typeForStatus(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 402 -> "billing_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 503, 529 -> "overloaded_error";
      case 504 -> "timeout_error";
      default -> status >= 500 ? "api_error" : "invalid_request_error";
    };
  }

  /** The JSON body, UTF-8, without a request id. */
  public static byte[] body(GatewayError error) {
    return body(error, null);
  }

  /** The JSON body, UTF-8; {@code requestId} (the {@code x-request-id} answered) may be null. */
  public static byte[] body(GatewayError error, String requestId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(160);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("type", "error");
      json.writeObjectFieldStart("error");
      json.writeStringField("type", type(error));
      json.writeStringField("message", error.message());
      json.writeEndObject();
      json.writeStringField("request_id", requestId);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory: cannot happen
    }
    return out.toByteArray();
  }

  /**
   * A final SSE event for a failure after the stream started: {@code event: error} with the same
   * body, which Anthropic's SDKs raise as an error in the middle of a stream.
   */
  public static byte[] sseEvent(GatewayError error, String requestId) {
    byte[] prefix = "event: error\ndata: ".getBytes(StandardCharsets.US_ASCII);
    byte[] body = body(error, requestId);
    byte[] event = new byte[prefix.length + body.length + 2];
    System.arraycopy(prefix, 0, event, 0, prefix.length);
    System.arraycopy(body, 0, event, prefix.length, body.length);
    event[event.length - 2] = '\n';
    event[event.length - 1] = '\n';
    return event;
  }

  public static byte[] sseEvent(GatewayError error) {
    return sseEvent(error, null);
  }
}
