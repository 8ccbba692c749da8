package dev.sluice.server;

import dev.sluice.api.Endpoint;
import dev.sluice.api.GatewayError;
import dev.sluice.api.OpenAiErrors;
import dev.sluice.api.anthropic.AnthropicErrors;
import dev.sluice.pipeline.ClientChannel;
import dev.sluice.pipeline.Exchange;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.upstream.UpstreamStage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * The data plane on one event loop: its own server (the port is shared across loops), its own
 * upstream pools, and the shared immutable pipeline stages. Reads the body, bounded, then hands
 * the request to the pipeline.
 */
final class DataPlaneVerticle extends VerticleBase {
  private static final byte[] NO_BODY = new byte[0];
  private static final long CUT_BEFORE_DRAIN_ENDS_MS = 500;

  /**
   * What serves new requests. A reload swaps it whole; a request holds the generation it started
   * with to the end, so in-flight requests finish on their configuration.
   */
  private record Generation(GatewayCore core, UpstreamStage upstream, Pipeline pipeline) {}

  private final GatewayCore initial;
  private Generation current; // read and swapped on this verticle's event loop only
  private final OpenChannels open = new OpenChannels(); // this event loop's unfinished answers
  private HttpServer server;

  DataPlaneVerticle(GatewayCore core) {
    this.initial = core;
  }

  @Override
  public Future<?> start() {
    current = generation(initial);
    GatewayCore core = initial;
    server = vertx.createHttpServer(ServerOptions.dataPlane(core.config().server()));
    return server.requestHandler(this::handle)
        .invalidRequestHandler(DataPlaneVerticle::unreadable)
        // A client that resets is the request's concern (HttpChannel sees it close), not an error.
        .connectionHandler(connection -> connection.exceptionHandler(error -> { }))
        .listen(core.config().server().port(), core.config().server().host())
        .onSuccess(s -> core.dataPort().compareAndSet(0, s.actualPort()));
  }

  private Generation generation(GatewayCore core) {
    UpstreamStage upstream = new UpstreamStage(vertx, core.config().backends(), core.providers(),
        core.backendStats(), core.circuits());
    return new Generation(core, upstream, Pipeline.standard(core.authenticate(),
        core.authorize(), core.budget(), core.admit(), core.route(), core.models(), upstream,
        core.observe()));
  }

  /**
   * Serves new requests from {@code core}; the old upstream pools close once requests that
   * started before can have finished (the drain timeout). Runs this on the verticle's loop.
   */
  Future<Void> swap(GatewayCore core) {
    io.vertx.core.Promise<Void> swapped = io.vertx.core.Promise.promise();
    context.runOnContext(v -> {
      Generation old = current;
      current = generation(core);
      long grace = Math.max(old.core().config().server().drainTimeout().toMillis(),
          old.core().config().routes().stream().mapToLong(r -> r.timeout().toMillis()).max().orElse(0));
      vertx.setTimer(grace + 1_000, t -> old.upstream().close());
      swapped.complete();
    });
    return swapped.future();
  }

  private void handle(HttpServerRequest request) {
    Generation generation = current;
    Pipeline pipeline = generation.pipeline();
    long startNanos = System.nanoTime();
    String requestId = RequestIds.accept(request.headers().get(HttpChannel.REQUEST_ID));
    request.response().headers().add(HttpChannel.REQUEST_ID, requestId);
    Endpoint endpoint = endpoint(request);
    HttpChannel http = new HttpChannel(request.response(),
        endpoint == Endpoint.MESSAGES ? AnthropicErrors.SHAPE : OpenAiErrors.SHAPE);
    AnthropicChannel anthropic = endpoint == Endpoint.MESSAGES ? new AnthropicChannel(http) : null;
    ClientChannel channel = anthropic != null ? anthropic : http;
    Exchange exchange = new Exchange(requestId, endpoint, new VertxHeaders(request.headers()),
        channel, startNanos, System.currentTimeMillis());
    http.bind(exchange);
    http.trackIn(open);
    if (anthropic != null) {
      anthropic.bind(exchange);
    }
    pipeline.begin(exchange);

    if (endpoint == Endpoint.OTHER) {
      boolean knownPath = isApiPath(request.path());
      channel.fail(new GatewayError.UnknownEndpoint(
          knownPath ? 405 : 404, request.method().name(), request.path()));
      return;
    }
    if (endpoint == Endpoint.MODELS) {
      pipeline.handle(exchange, NO_BODY);
      return;
    }
    readBody(request, exchange, http, pipeline, generation.core());
  }

  private void readBody(HttpServerRequest request, Exchange exchange, HttpChannel channel,
      Pipeline pipeline, GatewayCore core) {
    long limit = core.config().server().maxRequestBytes().bytes();
    RequestBodies.read(request, limit, () -> tooLarge(request, channel, limit),
        body -> pipeline.handle(exchange, body));
  }

  /**
   * A request Netty could not decode (a request line or headers past their limits, or not HTTP):
   * the status Vert.x would give, with a JSON error and a request id instead of an empty body.
   * OpenAI's shape: the path may not even have been read.
   */
  private static void unreadable(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status = cause instanceof io.netty.handler.codec.http.TooLongHttpLineException ? 414
        : cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException ? 431 : 400;
    String message = switch (status) {
      case 414 -> "The request line is too long (at most "
          + ServerOptions.MAX_REQUEST_LINE_BYTES / 1024 + " KiB).";
      case 431 -> "The request's headers are too large (at most "
          + ServerOptions.MAX_HEADER_BYTES / 1024 + " KiB).";
      default -> "The request could not be read as HTTP.";
    };
    request.response().setStatusCode(status)
        .putHeader(HttpChannel.REQUEST_ID, RequestIds.generate())
        .putHeader("content-type", "application/json")
        .putHeader("connection", "close")
        .end(io.vertx.core.buffer.Buffer.buffer(OpenAiErrors.body(
            new GatewayError.InvalidRequest("invalid_request", message, null))));
  }

  private static void tooLarge(HttpServerRequest request, HttpChannel channel, long limit) {
    // The rest of the body is not worth reading: answer, and close the connection after it.
    request.response().putHeader("connection", "close");
    channel.fail(new GatewayError.RequestTooLarge(limit));
  }

  static Endpoint endpoint(HttpServerRequest request) {
    String path = request.path();
    HttpMethod method = request.method();
    if (method == HttpMethod.POST) {
      if (path.equals(Endpoint.CHAT.path())) {
        return Endpoint.CHAT;
      }
      if (path.equals(Endpoint.EMBEDDINGS.path())) {
        return Endpoint.EMBEDDINGS;
      }
      if (path.equals(Endpoint.MESSAGES.path())) {
        return Endpoint.MESSAGES;
      }
    } else if (method == HttpMethod.GET && path.equals(Endpoint.MODELS.path())) {
      return Endpoint.MODELS;
    }
    return Endpoint.OTHER;
  }

  private static boolean isApiPath(String path) {
    return path.equals(Endpoint.CHAT.path()) || path.equals(Endpoint.EMBEDDINGS.path())
        || path.equals(Endpoint.MODELS.path()) || path.equals(Endpoint.MESSAGES.path());
  }

  /**
   * Graceful: stop accepting, let in-flight requests and streams finish (up to the drain
   * timeout), then close the upstream pools.
   */
  @Override
  public Future<?> stop() {
    long drainMs = current.core().config().server().drainTimeout().toMillis();
    // Shortly before the drain gives up and closes the connections, the answers still going
    // are ended as answers: a stream with a final error event, charged for what it streamed,
    // instead of a connection cut that the client, the log and the ledger read as the client
    // leaving (499).
    long cut = vertx.setTimer(Math.max(1, Math.max(drainMs / 2, drainMs - CUT_BEFORE_DRAIN_ENDS_MS)),
        id -> open.snapshot().forEach(HttpChannel::shutDown));
    return server.shutdown(drainMs, java.util.concurrent.TimeUnit.MILLISECONDS)
        .eventually(() -> {
          vertx.cancelTimer(cut);
          return Future.succeededFuture();
        })
        .eventually(this::afterTheCurrentTask)
        .eventually(() -> {
          current.upstream().close();
          return Future.succeededFuture();
        });
  }

  /**
   * Completes once the event loop has finished the task it is in. The shutdown completes when the
   * last answer's connection closes, which happens inside that answer's write; its exchange
   * completes (stage 6: the ledger entry) right after the write, in the same task. Going round
   * the loop once lets it finish before the gateway flushes and closes the ledger.
   */
  private Future<Void> afterTheCurrentTask() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> done.complete());
    return done.future();
  }
}
