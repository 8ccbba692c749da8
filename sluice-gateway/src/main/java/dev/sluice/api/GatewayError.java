package dev.sluice.api;

/**
 * Every way Sluice answers a request with an error. Sealed so that each renderer
 * ({@link OpenAiErrors}, and later the Anthropic one) is one exhaustive switch: a new kind of
 * error does not compile until every API shape knows how to say it.
 *
 * <p>Messages never carry credentials or message contents.
 */
public sealed interface GatewayError {

  /** HTTP status the client sees. */
  int status();

  /** Human-readable message, safe to show the client. */
  String message();

  /**
   * Seconds after which a retry may succeed, sent as {@code Retry-After}; 0 for errors that say
   * nothing of when (SPEC §2: every 429 says it: rate limits and budgets override this).
   */
  default long retryAfterSeconds() {
    return 0;
  }

  /** 400: the body is not what the endpoint accepts. {@code param} names the field, if any. */
  record InvalidRequest(String code, String message, String param) implements GatewayError {
    public int status() {
      return 400;
    }
  }

  /** 401: missing, unknown, revoked or expired key. */
  record InvalidApiKey(String message) implements GatewayError {
    public int status() {
      return 401;
    }
  }

  /** 403: the caller's access profile does not include the model. */
  record ModelNotAllowed(String model) implements GatewayError {
    public int status() {
      return 403;
    }

    public String message() {
      return "This key may not use the model '" + model + "'.";
    }
  }

  /**
   * 429: a request or token window of the key, its project or its team is full.
   * {@code retryAfterSeconds} is when the request would fit (at least 1).
   */
  record RateLimited(String message, long retryAfterSeconds) implements GatewayError {
    public int status() {
      return 429;
    }
  }

  /**
   * 429: a USD budget of the key, its project or its team cannot cover the request.
   * {@code retryAfterSeconds} is when its window renews (at least 1).
   */
  record BudgetExceeded(String message, long retryAfterSeconds) implements GatewayError {
    public int status() {
      return 429;
    }
  }

  /** 404: no route serves the model for this principal. */
  record ModelNotFound(String model) implements GatewayError {
    public int status() {
      return 404;
    }

    public String message() {
      return "The model '" + model + "' does not exist or you do not have access to it.";
    }
  }

  /** 404/405: the path or method is not part of the API. */
  record UnknownEndpoint(int status, String method, String path) implements GatewayError {
    public String message() {
      return "Invalid URL (" + method + " " + path + ")";
    }
  }

  /** 413: body over {@code server.maxRequestBytes}. */
  record RequestTooLarge(long limitBytes) implements GatewayError {
    public int status() {
      return 413;
    }

    public String message() {
      return "Request body is larger than the limit of " + limitBytes + " bytes.";
    }
  }

  /** 502: every target failed; the message names the last failure. */
  record UpstreamFailed(String message) implements GatewayError {
    public int status() {
      return 502;
    }
  }

  /** 503: no target could be tried (every circuit open, or every backend at capacity). */
  record NoHealthyBackend(String message) implements GatewayError {
    public int status() {
      return 503;
    }
  }

  /**
   * 503: the shared store that counts limits and budgets cannot be reached, and the
   * configuration says to refuse rather than admit uncounted ({@code store.onRedisFailure}).
   */
  record StoreUnavailable(String message) implements GatewayError {
    public int status() {
      return 503;
    }
  }

  /**
   * 503: the server is shutting down and its drain timeout ran out before the answer was over
   * (a stream gets it as its final event). Retrying reaches another replica, or this one again.
   */
  record ShuttingDown() implements GatewayError {
    public int status() {
      return 503;
    }

    public String message() {
      return "The server is shutting down and could not finish this answer in time; retry.";
    }
  }

  /** 504: the route's total timeout passed, or the stream stalled after it started. */
  record UpstreamTimeout(String message) implements GatewayError {
    public int status() {
      return 504;
    }
  }

  /**
   * The provider refused the request itself (a 4xx that retrying cannot fix, such as an invalid
   * parameter): the client sees the provider's status and message, in our API's shape.
   */
  record ProviderRejected(int status, String type, String code, String message, String param)
      implements GatewayError {}

  /** 500: a defect in Sluice; the message is generic, the cause goes to the diagnostic log. */
  record Internal(String message) implements GatewayError {
    public int status() {
      return 500;
    }
  }
}
