package dev.sluice.server;

import dev.sluice.observe.spans.SpanTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
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
 *
 * <p>A batch (~300 KiB) is copied once, into pooled direct buffers of {@value #SLICE} bytes, and
 * written as one message: Netty writes direct buffers as they are (one {@code writev} of all the
 * slices while the socket takes them), where a heap buffer would be copied to a direct one first,
 * and a single direct buffer of a whole batch is past what its pooling allocator pools (each
 * export would allocate and free native memory, a JVM-wide handshake on JDK 25). The slices go
 * back to the pool when the export is over.
 */
public final class VertxSpanTransport implements SpanTransport {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int CONNECTIONS = 2; // the exporter keeps at most 2 exports in flight
  private static final int SLICE = 64 * 1024; // pooled by Netty's allocator even on a small heap

  private final Vertx vertx;
  private final Map<String, String> headers;
  private final String host;
  private final int port;
  private final String requestUri; // path and query
  private final boolean ssl;
  private final HttpClient http;
  private volatile long periodic = -1;

  public VertxSpanTransport(Vertx vertx, URI endpoint, Map<String, String> headers) {
    this.vertx = vertx;
    this.headers = Map.copyOf(headers);
    // Taken apart once: RequestOptions.setAbsoluteURI parses the URL again on every export.
    this.ssl = "https".equalsIgnoreCase(endpoint.getScheme());
    this.host = endpoint.getHost();
    this.port = endpoint.getPort() > 0 ? endpoint.getPort() : ssl ? 443 : 80;
    String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty()
        ? "/" : endpoint.getRawPath();
    this.requestUri = endpoint.getRawQuery() == null ? path : path + "?" + endpoint.getRawQuery();
    this.http = vertx.httpClientBuilder()
        .with(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setSsl(ssl)
            .setConnectTimeout((int) TIMEOUT.toMillis()))
        .with(new PoolOptions().setHttp1MaxSize(CONNECTIONS))
        .build();
  }

  /** Transports on {@code vertx}, one per collector URL. */
  public static SpanTransport.Factory on(Vertx vertx) {
    return (endpoint, headers) -> new VertxSpanTransport(vertx, endpoint, headers);
  }

  @Override
  public void post(byte[] body, int offset, int length, Answer answer) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
        .setHost(host).setPort(port).setURI(requestUri).setSsl(ssl)
        .setIdleTimeout(TIMEOUT.toMillis())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/x-protobuf")
        .putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(length));
    headers.forEach(options::putHeader);
    ByteBuf direct = direct(body, offset, length);
    http.request(options)
        .compose(request -> send(request, BufferInternal.buffer(direct)))
        .onComplete(result -> {
          // Over: written (or failed) and answered. Vert.x wrote an unreleasable view of the
          // slices, so they are released here, and only now that no write can still read them.
          direct.release();
          answer.answered(result.succeeded() ? result.result() : 0, result.cause());
        });
  }

  /** The bytes, copied into pooled direct slices gathered as one buffer. */
  private static ByteBuf direct(byte[] body, int offset, int length) {
    ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    CompositeByteBuf slices = allocator.compositeDirectBuffer((length + SLICE - 1) / SLICE);
    for (int at = 0; at < length; at += SLICE) {
      int sliceLength = Math.min(SLICE, length - at);
      ByteBuf slice = allocator.directBuffer(sliceLength, sliceLength);
      slice.writeBytes(body, offset + at, sliceLength);
      slices.addComponent(true, slice);
    }
    return slices;
  }

  /**
   * Sends the body and gives the answer's status once its body has been read. The response's
   * handling is set before the first byte is written: the answer can arrive, and end, before the
   * write's own future is called back (a collector may answer on the headers, or while a large
   * batch is still being written), and in Vert.x 5.0.7 {@code body()} asked of an answer that has
   * already ended never completes (eclipse-vertx/vert.x#6038, fixed after 5.0.7): the export
   * would stay in flight for good, and every flush after it would wait.
   */
  private static Future<Integer> send(HttpClientRequest request, Buffer body) {
    Future<Integer> answered = request.response()
        .compose(response -> response.body().map(ignored -> response.statusCode()));
    return request.end(body).compose(written -> answered);
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
