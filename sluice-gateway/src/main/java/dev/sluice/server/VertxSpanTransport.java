package dev.sluice.server;

import dev.sluice.observe.spans.SpanTransport;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
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
        .compose(request -> send(request, body))
        .onComplete(result -> answer.answered(result.succeeded() ? result.result() : 0,
            result.cause()));
  }

  /**
   * Sends the body and gives the answer's status once its body has been read. The response's
   * handling is set before the first byte is written: the answer can arrive, and end, before the
   * write's own future is called back (a collector may answer on the headers, or while a large
   * batch is still being written), and in Vert.x 5.0.7 {@code body()} asked of an answer that has
   * already ended never completes (eclipse-vertx/vert.x#6038, fixed after 5.0.7): the export
   * would stay in flight for good, and every flush after it would wait.
   */
  private static Future<Integer> send(HttpClientRequest request, byte[] body) {
    Future<Integer> answered = request.response()
        .compose(response -> response.body().map(ignored -> response.statusCode()));
    return write(request, body).compose(written -> answered);
  }

  /**
   * Writes the body in slices of {@value #SLICE} bytes. Netty copies a heap buffer into a direct
   * one to write it, and a whole batch (~256 KiB) is past what its pooling allocator pools: each
   * export would allocate and free fresh native memory (a JVM-wide handshake on JDK 25). Slices
   * come from the pool.
   */
  private static Future<Void> write(HttpClientRequest request, byte[] body) {
    request.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length));
    for (int at = 0; ; at += SLICE) {
      int length = Math.min(SLICE, body.length - at);
      // A view of the batch, not a copy: the batch is never written to once sealed.
      Buffer slice = BufferInternal.buffer(Unpooled.wrappedBuffer(body, at, length));
      if (at + length >= body.length) {
        return request.end(slice);
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
