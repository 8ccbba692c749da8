package dev.sluice.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.provider.UpstreamError;
import java.io.IOException;

/**
 * Reads Google's error shape, {@code {"error":{"code":429,"message":"...","status":
 * "RESOURCE_EXHAUSTED"}}} (Vertex may wrap it in a one-element array), into OpenAI's fields: the
 * message as Google wrote it, Google's status as the code, and the OpenAI type that status
 * corresponds to. A body not in that shape yields a message naming the HTTP status only: raw
 * upstream bytes are not echoed to clients.
 */
final class GeminiErrors {
  private GeminiErrors() {}

  static UpstreamError read(int status, byte[] body) {
    try {
      JsonNode root = GeminiRequests.MAPPER.readTree(body);
      JsonNode error = (root != null && root.isArray() ? root.path(0) : root).path("error");
      if (error.isObject() && error.path("message").isTextual()) {
        String code = error.path("status").isTextual() ? error.path("status").asText() : null;
        return new UpstreamError(status, type(code, status), code, error.path("message").asText(), null);
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: fall through
    }
    return new UpstreamError(status, type(null, status), null, "the provider answered HTTP " + status, null);
  }

  /** Google's canonical status (or, without one, the HTTP status) as an OpenAI error type. */
  private static String type(String googleStatus, int httpStatus) {
    String byGoogleStatus = googleStatus == null ? null : switch (googleStatus) {
      case "UNAUTHENTICATED" -> "authentication_error";
      case "PERMISSION_DENIED" -> "permission_error";
      case "RESOURCE_EXHAUSTED" -> "rate_limit_error";
      case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE", "NOT_FOUND" -> "invalid_request_error";
      default -> null;
    };
    if (byGoogleStatus != null) {
      return byGoogleStatus;
    }
    return switch (httpStatus) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 429 -> "rate_limit_error";
      default -> httpStatus >= 500 ? "server_error" : "invalid_request_error";
    };
  }
}
