package dev.sluice.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Renders a {@link GatewayError} in OpenAI's error shape:
 * {@code {"error":{"message":..,"type":..,"param":..,"code":..}}}.
 */
public final class OpenAiErrors {
  private static final JsonFactory JSON = new JsonFactory();

  /** OpenAI's error shape, for the server's channel. */
  public static final ErrorShape SHAPE = new ErrorShape() {
    @Override
    public String code(GatewayError error) {
      return OpenAiErrors.code(error);
    }

    @Override
    public byte[] body(GatewayError error, String requestId) {
      return OpenAiErrors.body(error); // OpenAI's shape has no request id: the header carries it
    }

    @Override
    public byte[] sseEvent(GatewayError error, String requestId) {
      return OpenAiErrors.sseEvent(error);
    }
  };

  private OpenAiErrors() {}

  /** The {@code type} field OpenAI clients switch on. */
  public static String type(GatewayError error) {
    return switch (error) {
      case GatewayError.InvalidRequest e -> "invalid_request_error";
      case GatewayError.InvalidApiKey e -> "authentication_error";
      case GatewayError.ModelNotAllowed e -> "permission_error";
      case GatewayError.RateLimited e -> "rate_limit_error";
      case GatewayError.BudgetExceeded e -> "insufficient_quota";
      case GatewayError.ModelNotFound e -> "invalid_request_error";
      case GatewayError.UnknownEndpoint e -> "invalid_request_error";
      case GatewayError.RequestTooLarge e -> "invalid_request_error";
      case GatewayError.UpstreamFailed e -> "upstream_error";
      case GatewayError.NoHealthyBackend e -> "upstream_error";
      case GatewayError.StoreUnavailable e -> "server_error";
      case GatewayError.ShuttingDown e -> "server_error";
      case GatewayError.UpstreamTimeout e -> "upstream_error";
      case GatewayError.ProviderRejected e -> e.type() == null ? "invalid_request_error" : e.type();
      case GatewayError.Internal e -> "server_error";
    };
  }

  /** The {@code code} field: stable, machine-readable, also logged as {@code error_code}. */
  public static String code(GatewayError error) {
    return switch (error) {
      case GatewayError.InvalidRequest e -> e.code();
      case GatewayError.InvalidApiKey e -> "invalid_api_key";
      case GatewayError.ModelNotAllowed e -> "model_not_allowed";
      case GatewayError.RateLimited e -> "rate_limit_exceeded";
      case GatewayError.BudgetExceeded e -> "budget_exceeded";
      case GatewayError.ModelNotFound e -> "model_not_found";
      case GatewayError.UnknownEndpoint e -> e.status() == 405 ? "method_not_allowed" : "unknown_url";
      case GatewayError.RequestTooLarge e -> "request_too_large";
      case GatewayError.UpstreamFailed e -> "upstream_failed";
      case GatewayError.NoHealthyBackend e -> "no_healthy_backend";
      case GatewayError.StoreUnavailable e -> "store_unavailable";
      case GatewayError.ShuttingDown e -> "server_shutting_down";
      case GatewayError.UpstreamTimeout e -> "upstream_timeout";
      case GatewayError.ProviderRejected e -> e.code() == null ? "provider_rejected" : e.code();
      case GatewayError.Internal e -> "internal_error";
    };
  }

  private static String param(GatewayError error) {
    return switch (error) {
      case GatewayError.InvalidRequest e -> e.param();
      case GatewayError.ModelNotFound e -> "model";
      case GatewayError.ModelNotAllowed e -> "model";
      case GatewayError.ProviderRejected e -> e.param();
      default -> null;
    };
  }

  /** The JSON body, UTF-8. */
  public static byte[] body(GatewayError error) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(160);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      writeErrorObject(json, error);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory: cannot happen
    }
    return out.toByteArray();
  }

  /** A final SSE event for a failure after a stream started: {@code event: error}. */
  public static byte[] sseEvent(GatewayError error) {
    byte[] body = body(error);
    byte[] prefix = "event: error\ndata: ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] event = new byte[prefix.length + body.length + 2];
    System.arraycopy(prefix, 0, event, 0, prefix.length);
    System.arraycopy(body, 0, event, prefix.length, body.length);
    event[event.length - 2] = '\n';
    event[event.length - 1] = '\n';
    return event;
  }

  private static void writeErrorObject(JsonGenerator json, GatewayError error) throws IOException {
    json.writeStartObject();
    json.writeObjectFieldStart("error");
    json.writeStringField("message", error.message());
    json.writeStringField("type", type(error));
    json.writeStringField("param", param(error));
    json.writeStringField("code", code(error));
    json.writeEndObject();
    json.writeEndObject();
  }
}
