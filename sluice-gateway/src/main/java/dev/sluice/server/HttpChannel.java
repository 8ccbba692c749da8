package dev.sluice.server;

import dev.sluice.api.GatewayError;
import dev.sluice.api.ErrorShape;
import dev.sluice.pipeline.ClientChannel;
import dev.sluice.pipeline.Exchange;
import dev.sluice.upstream.HeaderNames;
import io.netty.buffer.Unpooled;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A {@link ClientChannel} over one Vert.x server response, writing errors in the shape of the
 * API the client called. It completes the exchange when the last byte has been written, or when
 * the client has gone.
 *
 * <p>Stream bytes are written once per turn of the event loop, not once per {@link #write}: an
 * upstream read often holds many chunks of the provider's chunked answer (a dozen SSE events in
 * one read is common), Vert.x hands them over one by one, and a write per chunk cost a system
 * call and a wake-up of the client's reader per event where nginx, relaying the same stream,
 * writes once per read. The chunks of one turn are written together when the event loop has
 * finished that turn's I/O, which delays none of them past it.
 */
final class HttpChannel implements ClientChannel {
  /** nginx's code for "client closed the request"; what the access log shows for a client that left. */
  static final int CLIENT_CLOSED = 499;

  // Pre-encoded names and values (HeaderNames): Vert.x skips validation and rehashing for these.
  static final CharSequence REQUEST_ID = HeaderNames.optimized("x-request-id");
  private static final CharSequence CONTENT_TYPE = HeaderNames.optimized("content-type");
  private static final CharSequence CACHE_CONTROL = HeaderNames.optimized("cache-control");
  private static final CharSequence NO_CACHE = HeaderNames.optimizedValue("no-cache");
  private static final CharSequence EVENT_STREAM = HeaderNames.optimizedValue("text/event-stream");
  private final HttpServerResponse response;
  private final ErrorShape errors;
  private Exchange exchange;
  private boolean committed;
  private boolean ended;
  private String errorCode;
  private Runnable gone;
  private Runnable stop; // the upstream stage's, for a drain that runs out
  // The verticle's open channels, linked through the channels themselves: no allocation and no
  // hashing per request for what only a shutdown reads.
  private OpenChannels open;
  HttpChannel previousOpen;
  HttpChannel nextOpen;
  private final Executor eventLoop; // where the stream's chunks are written, after the turn's I/O
  private List<byte[]> pending; // stream bytes of this turn, in order; null: none
  private final Runnable writePending = this::writePending;

  HttpChannel(HttpServerResponse response, ErrorShape errors) {
    this.response = response;
    this.errors = errors;
    ContextInternal context = (ContextInternal) Vertx.currentContext();
    this.eventLoop = context != null ? context.nettyEventLoop() : Runnable::run;
  }

  private String requestId() {
    return exchange == null ? null : exchange.requestId();
  }

  void bind(Exchange exchange) {
    this.exchange = exchange;
    response.closeHandler(closed -> clientGone());
  }

  @Override
  public void header(String name, String value) {
    if (!committed) {
      // Into the map, not through putHeader: that takes the connection's lock and removes the
      // name first (set), neither needed here (one event loop; the contract adds).
      response.headers().add(HeaderNames.optimized(name), value);
    }
  }

  @Override
  public void respond(int status, String contentType, byte[] body) {
    if (committed) {
      return;
    }
    committed = true;
    response.setStatusCode(status).headers()
        .add(CONTENT_TYPE, HeaderNames.optimizedValue(contentType));
    endWith(status, Buffer.buffer(body));
  }

  @Override
  public void fail(GatewayError error) {
    if (ended) {
      return;
    }
    errorCode = errors.code(error);
    if (error.retryAfterSeconds() > 0) {
      header("retry-after", Long.toString(error.retryAfterSeconds()));
    }
    if (!committed) {
      respond(error.status(), "application/json", errors.body(error, requestId()));
    } else {
      // The status line went out long ago: the error travels as the stream's last event.
      endStream(errors.sseEvent(error, requestId()));
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
    if (ended || bytes.length == 0) {
      return true;
    }
    boolean first = pending == null;
    if (first) {
      pending = new ArrayList<>(4);
    }
    pending.add(bytes);
    if (first) { // added first: off an event loop the executor writes at once
      eventLoop.execute(writePending); // runs once the loop has read what arrived with this
    }
    return !response.writeQueueFull();
  }

  /** Writes this turn's chunks in one buffer (one system call); nothing once the stream ended. */
  private void writePending() {
    List<byte[]> chunks = pending;
    pending = null;
    if (chunks != null && !ended) {
      response.write(joined(chunks, null));
    }
  }

  /** The chunks and then {@code last} (unless null) as one buffer, without copying them. */
  private static Buffer joined(List<byte[]> chunks, byte[] last) {
    int count = chunks.size() + (last != null ? 1 : 0);
    if (count == 1) {
      return Buffer.buffer(last != null ? last : chunks.get(0));
    }
    byte[][] parts = chunks.toArray(new byte[count][]);
    if (last != null) {
      parts[count - 1] = last;
    }
    return BufferInternal.buffer(Unpooled.wrappedBuffer(parts));
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
    List<byte[]> chunks = pending;
    pending = null; // the scheduled write finds nothing: they go with the end
    byte[] last = lastBytes.length == 0 ? null : lastBytes;
    endWith(200, chunks != null ? joined(chunks, last) : last != null ? Buffer.buffer(last) : null);
  }

  /**
   * Writes the answer's last bytes ({@code null}: none), then completes the exchange. Stage 6
   * (settlement, the access record, the ledger entry, metrics, the span) runs after the write:
   * the client's last bytes, and a stream's first ones when one read brought it all, do not wait
   * for that bookkeeping. Marked ended first: on HTTP/2, ending the response closes the stream at
   * once, which fires the close handler, and that must not read as a client that went away.
   * Completed even when the write throws, and not on the write's future: a draining server
   * closes the connection right after, which can fail that future although the client has
   * every byte.
   */
  private void endWith(int status, Buffer last) {
    ended = true;
    leaveOpen();
    try {
      if (last == null) {
        response.end();
      } else {
        response.end(last);
      }
    } finally {
      exchange.complete(status, errorCode);
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

  @Override
  public void onShutdown(Runnable stop) {
    this.stop = stop;
  }

  /** Counted among {@code open} until it ends, for {@link #shutDown}. */
  void trackIn(OpenChannels open) {
    this.open = open;
    open.add(this);
  }

  /**
   * The drain timeout is running out with this answer unfinished: the upstream stage stops and
   * ends it (a stream with a final error event), or, before one took it, a 503.
   */
  void shutDown() {
    if (ended) {
      return;
    }
    if (stop != null) {
      stop.run();
    }
    if (!ended) {
      fail(new GatewayError.ShuttingDown());
    }
  }

  private void leaveOpen() {
    if (open != null) {
      open.remove(this);
      open = null;
    }
  }

  private void clientGone() {
    if (ended) {
      return;
    }
    ended = true;
    leaveOpen();
    if (gone != null) {
      gone.run();
    }
    exchange.complete(CLIENT_CLOSED, "client_disconnected");
  }
}
