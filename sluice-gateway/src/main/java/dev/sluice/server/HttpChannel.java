package dev.sluice.server;

import dev.sluice.authorize.RateLimitHeaders;
import dev.sluice.api.GatewayError;
import dev.sluice.api.ErrorShape;
import dev.sluice.pipeline.ClientChannel;
import dev.sluice.pipeline.Exchange;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * A {@link ClientChannel} over one Vert.x server response, writing errors in the shape of the
 * API the client called. It completes the exchange when the last byte has been written, or when
 * the client has gone.
 */
final class HttpChannel implements ClientChannel {
  /** nginx's code for "client closed the request"; what the access log shows for a client that left. */
  static final int CLIENT_CLOSED = 499;

  // Pre-encoded names and values: Vert.x skips validation and rehashing for these.
  static final CharSequence REQUEST_ID = HttpHeaders.createOptimized("x-request-id");
  private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("content-type");
  private static final CharSequence CACHE_CONTROL = HttpHeaders.createOptimized("cache-control");
  private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence EVENT_STREAM = HttpHeaders.createOptimized("text/event-stream");
  /**
   * Names written on most answers, encoded once: Vert.x checks and encodes a String name on every
   * write, a pre-encoded one not at all.
   */
  private static final java.util.Map<String, CharSequence> OPTIMIZED = optimizedNames(
      "x-sluice-backend", "x-sluice-attempts", "retry-after",
      RateLimitHeaders.LIMIT_REQUESTS, RateLimitHeaders.REMAINING_REQUESTS,
      RateLimitHeaders.RESET_REQUESTS, RateLimitHeaders.LIMIT_TOKENS,
      RateLimitHeaders.REMAINING_TOKENS, RateLimitHeaders.RESET_TOKENS);

  private static java.util.Map<String, CharSequence> optimizedNames(String... names) {
    java.util.Map<String, CharSequence> map = new java.util.HashMap<>();
    for (String name : names) {
      map.put(name, HttpHeaders.createOptimized(name));
    }
    return java.util.Map.copyOf(map);
  }

  private final HttpServerResponse response;
  private final ErrorShape errors;
  private Exchange exchange;
  private boolean committed;
  private boolean ended;
  private String errorCode;
  private Runnable gone;

  HttpChannel(HttpServerResponse response, ErrorShape errors) {
    this.response = response;
    this.errors = errors;
  }

  void bind(Exchange exchange) {
    this.exchange = exchange;
    response.closeHandler(closed -> clientGone());
  }

  @Override
  public void header(String name, String value) {
    if (!committed) {
      response.putHeader(optimized(name), value);
    }
  }

  private static CharSequence optimized(String name) {
    return OPTIMIZED.getOrDefault(name, name);
  }

  @Override
  public void respond(int status, String contentType, byte[] body) {
    if (committed) {
      return;
    }
    committed = true;
    response.setStatusCode(status)
        .putHeader(CONTENT_TYPE, "application/json".equals(contentType) ? JSON : contentType);
    complete(status);
    response.end(Buffer.buffer(body));
  }

  @Override
  public void fail(GatewayError error) {
    if (ended) {
      return;
    }
    errorCode = errors.code(error);
    if (error instanceof GatewayError.RateLimited limited) {
      header("retry-after", Long.toString(limited.retryAfterSeconds()));
    }
    if (!committed) {
      respond(error.status(), "application/json", errors.body(error));
    } else {
      // The status line went out long ago: the error travels as the stream's last event.
      endStream(errors.sseEvent(error));
    }
  }

  @Override
  public void startStream() {
    if (committed) {
      return;
    }
    committed = true;
    response.setStatusCode(200)
        .putHeader(CONTENT_TYPE, EVENT_STREAM)
        .putHeader(CACHE_CONTROL, NO_CACHE)
        .setChunked(true);
  }

  @Override
  public boolean write(byte[] bytes) {
    if (ended) {
      return true;
    }
    response.write(Buffer.buffer(bytes));
    return !response.writeQueueFull();
  }

  @Override
  public void onWritable(Runnable drained) {
    response.drainHandler(v -> {
      response.drainHandler(null);
      drained.run();
    });
  }

  @Override
  public void endStream(byte[] lastBytes) {
    if (ended) {
      return;
    }
    complete(200);
    if (lastBytes.length == 0) {
      response.end();
    } else {
      response.end(Buffer.buffer(lastBytes));
    }
  }

  @Override
  public boolean committed() {
    return committed;
  }

  @Override
  public void onClientGone(Runnable gone) {
    this.gone = gone;
  }

  /**
   * Called just before the last bytes go to the connection. Marked first: on HTTP/2, ending the
   * response closes the stream at once, which fires the close handler, and that must not read
   * as a client that went away. (Not on the write's future either: a draining server closes the
   * connection right after, which can fail that future although the client has every byte.)
   */
  private void complete(int status) {
    ended = true;
    exchange.complete(status, errorCode);
  }

  private void clientGone() {
    if (ended) {
      return;
    }
    ended = true;
    if (gone != null) {
      gone.run();
    }
    exchange.complete(CLIENT_CLOSED, "client_disconnected");
  }
}
