package dev.sluice.server;

import dev.sluice.observe.spans.SpanTransport;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.buffer.BufferInternal;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Span exports over Vert.x's HTTP client, sent from the event loop that sealed the batch (no
 * exporter thread), with Vert.x timers for the schedule and the retries.
 */
public final class VertxSpanTransport implements SpanTransport {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int CONNECTIONS = 2; // the exporter keeps at most 2 exports in flight
  private static final int SLICE = 16 * 1024;

  private final Vertx vertx;
  private final URI endpoint;
  private final Map<String, String> headers;
  private final HttpClient http;
  private volatile long periodic = -1;

  public VertxSpanTransport(Vertx vertx, URI endpoint, Map<String, String> headers) {
    this.vertx = vertx;
    this.endpoint = endpoint;
    this.headers = Map.copyOf(headers);
    this.http = vertx.httpClientBuilder()
        .with(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
            .setSsl("https".equalsIgnoreCase(endpoint.getScheme()))
            .setConnectTimeout((int) TIMEOUT.toMillis()))
        .with(new PoolOptions().setHttp1MaxSize(CONNECTIONS))
        .build();
  }

  /** Transports on {@code vertx}, one per collector URL. */
  public static SpanTransport.Factory on(Vertx vertx) {
    return (endpoint, headers) -> new VertxSpanTransport(vertx, endpoint, headers);
  }

  @Override
  public void post(byte[] body, Answer answer) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
        .setAbsoluteURI(endpoint.toString())
        .setIdleTimeout(TIMEOUT.toMillis())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/x-protobuf");
    headers.forEach(options::putHeader);
    http.request(options)
        .compose(request -> write(request, body))
        .compose(response -> response.body().map(ignored -> response.statusCode()))
        .onComplete(result -> answer.answered(result.succeeded() ? result.result() : 0,
            result.cause()));
  }

  /**
   * Writes the body in slices of {@value #SLICE} bytes. Netty copies a heap buffer into a direct
   * one to write it, and a whole batch (~256 KiB) is past what its pooling allocator pools: each
   * export would allocate and free fresh native memory (a JVM-wide handshake on JDK 25). Slices
   * come from the pool.
   */
  private static Future<HttpClientResponse> write(HttpClientRequest request, byte[] body) {
    request.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length));
    for (int at = 0; ; at += SLICE) {
      int length = Math.min(SLICE, body.length - at);
      // A view of the batch, not a copy: the batch is never written to once sealed.
      Buffer slice = BufferInternal.buffer(Unpooled.wrappedBuffer(body, at, length));
      if (at + length >= body.length) {
        return request.end(slice).compose(ended -> request.response());
      }
      request.write(slice);
    }
  }

  @Override
  public void after(long delayMillis, Runnable task) {
    vertx.setTimer(delayMillis, id -> task.run());
  }

  @Override
  public void every(long periodMillis, Runnable task) {
    periodic = vertx.setPeriodic(periodMillis, id -> task.run());
  }

  @Override
  public void close() {
    if (periodic >= 0) {
      vertx.cancelTimer(periodic);
    }
    http.close();
  }
}
