package dev.sluice.upstream;

import dev.sluice.api.ClientRequest;
import dev.sluice.api.GatewayError;
import dev.sluice.api.TokenCounter;
import dev.sluice.pipeline.ClientChannel;
import dev.sluice.pipeline.Exchange;
import dev.sluice.pipeline.RequestTelemetry;
import dev.sluice.provider.LocalProvider;
import dev.sluice.provider.ProviderException;
import dev.sluice.provider.StreamTranslator;
import dev.sluice.provider.TokenUsage;
import dev.sluice.provider.TranslatedResponse;
import dev.sluice.provider.UnsupportedFieldException;
import dev.sluice.provider.UpstreamError;
import dev.sluice.provider.UpstreamRequest;
import dev.sluice.route.RoutePlan;
import dev.sluice.route.Target;
import io.netty.buffer.Unpooled;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One request's walk through its route plan: attempt, and on a retry-eligible failure retry the
 * same target after a backoff or fail over to the next one, until an answer reaches the client,
 * the plan is exhausted, or the route's total timeout passes. Once the first byte of an answer
 * has been sent to the client nothing is retried: a failure then ends the stream with an error
 * event.
 *
 * <p>Lives on the request's event loop; every callback checks that it still belongs to the
 * current attempt, so a late answer from a cancelled attempt is ignored.
 */
final class Attempts {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Attempts.class);
  /** Cap on a non-streamed answer held for validation and translation. */
  static final int MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
  /** Error bodies are read for their message only. */
  private static final int MAX_ERROR_BYTES = 64 * 1024;

  private static final String[] COUNTS = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

  private final Vertx vertx;
  private final Exchange exchange;
  private final ClientChannel channel;
  private final ClientRequest request;
  private final RoutePlan plan;
  private final Map<String, BackendClient> backends;
  private final DeadlineSweeper deadlines;

  private int targetIndex;
  private int attemptsOnTarget;
  private int attemptId;
  private long attemptStartNanos;
  private HttpClientRequest inFlight;
  private long backoffTimer = -1;
  private boolean attemptOpen; // counted in its backend's in-flight gauge
  private boolean sent; // the attempt got past translation: its outcome speaks of the backend
  private RequestTelemetry.Attempt traced = RequestTelemetry.Attempt.NONE; // stage 6's view of it
  private int upstreamStatus; // the current attempt's HTTP status; 0 until one arrived
  private UpstreamRequest upstreamRequest; // the current attempt's, once translated
  private Watchdog watchdog; // created with the first remote attempt: in-process answers need none
  private BackendClient current;
  private StreamTranslator streaming; // the current attempt's, once a stream answer began
  private StreamedText streamed; // the text that reached the client, once a stream began
  private Failure lastFailure; // of the last attempt made, for the final error
  private String skipped; // why targets were passed over without an attempt, for a 503
  private boolean finished;

  Attempts(Vertx vertx, Exchange exchange, Map<String, BackendClient> backends,
      DeadlineSweeper deadlines) {
    this.vertx = vertx;
    this.deadlines = deadlines;
    this.exchange = exchange;
    this.channel = exchange.channel();
    this.request = exchange.request();
    this.plan = exchange.plan();
    this.backends = backends;
  }

  void start() {
    if (plan.targets().isEmpty()) {
      finish(new GatewayError.NoHealthyBackend(
          "Route '" + plan.route() + "' has no target that can be tried."));
      return;
    }
    channel.onClientGone(this::clientGone);
    channel.onShutdown(this::shuttingDown);
    attempt();
  }

  private void attempt() {
    backoffTimer = -1;
    Target target = plan.targets().get(targetIndex);
    BackendClient backend = backends.get(target.backend());
    String unavailable = admit(backend);
    if (unavailable != null) {
      skip(unavailable);
      return;
    }
    String upstreamModel = target.upstreamModel(request.model());
    int id = ++attemptId;
    current = backend;
    attemptsOnTarget++;
    exchange.attemptStarted(backend.name(), upstreamModel);
    attemptStartNanos = System.nanoTime();
    traced = exchange.telemetry().attempt(backend.name(), upstreamModel, backend.host(),
        backend.port(), exchange.attempts() - 1, attemptStartNanos);
    upstreamStatus = 0;
    streaming = null;
    attemptOpen = true;
    sent = false;
    boolean passThrough = backend.provider().passesThrough(request);
    if (request.untranslatable() != null && !passThrough) {
      GatewayError.InvalidRequest why = request.untranslatable();
      failed(new Failure.Unsupported(backend.name(), why.param(), why.message()));
      return;
    }
    exchange.nativeAnswer(passThrough);
    UpstreamRequest upstream;
    try {
      upstream = backend.provider().translateRequest(request, upstreamModel);
    } catch (UnsupportedFieldException e) {
      failed(new Failure.Unsupported(backend.name(), e.param(), e.getMessage()));
      return;
    } catch (ProviderException e) {
      failed(new Failure.Broken(backend.name(), e.getMessage()));
      return;
    } catch (RuntimeException e) {
      // A translator defect must fail this attempt, never leave the client unanswered.
      LOG.error("backend '{}': request translation failed", backend.name(), e);
      failed(new Failure.Broken(backend.name(), "internal translation error"));
      return;
    }
    sent = true;
    upstreamRequest = upstream;
    if (backend.provider() instanceof LocalProvider local) {
      answerLocally(id, backend, local.answer(upstream, request, upstreamModel));
      return;
    }
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.valueOf(upstream.method()))
        .setURI(upstream.path());
    RequestTelemetry.Attempt trace = traced; // this attempt's span, whatever the field holds later
    backend.http().request(options).onComplete(connected -> {
      if (connected.failed()) {
        if (current(id)) {
          failed(new Failure.ConnectFailure(backend.name(), Errors.describe(connected.cause())));
        }
        return;
      }
      HttpClientRequest sent = connected.result();
      if (!current(id)) {
        sent.reset();
        return;
      }
      inFlight = sent;
      // Onto the request itself, not into the options: those would be copied into it, a map
      // built twice. Added, not set: a provider's headers have distinct names.
      MultiMap headers = sent.headers();
      for (UpstreamRequest.Header header : upstream.headers()) {
        headers.add(HeaderNames.optimized(header.name()), HeaderNames.optimizedValue(header.value()));
      }
      // W3C trace context: the caller's trace goes on upstream
      trace.headers((name, value) -> headers.add(HeaderNames.optimized(name), value));
      watchdog().awaitFirstByte(backend.config().timeouts().firstByte().toNanos());
      // Wrapped, not copied into a new heap buffer: Netty copies it to the socket's direct
      // buffer anyway, and at 100 KB the extra copy was ~4% of a request's CPU.
      sent.send(BufferInternal.buffer(Unpooled.wrappedBuffer(upstream.body()))).onComplete(answered -> {
        if (!current(id)) {
          return;
        }
        if (answered.failed()) {
          failed(Errors.classify(backend.name(), answered.cause(), "no answer"));
        } else {
          onResponse(id, backend, answered.result());
        }
      });
    });
  }

  /**
   * Takes a place for one attempt on {@code backend}: a permission from its circuit, then a slot
   * under its {@code maxConcurrent}. Returns null when taken, else why the backend cannot be
   * tried now.
   */
  private static String admit(BackendClient backend) {
    BackendCircuit circuit = backend.circuit();
    if (!circuit.tryAcquire()) {
      return "backend '" + backend.name() + "': circuit " + circuit.state().wireName();
    }
    int maxConcurrent = backend.config().maxConcurrent();
    if (!backend.stats().tryStart(maxConcurrent)) {
      circuit.released();
      return "backend '" + backend.name() + "': " + maxConcurrent + " requests in flight (maxConcurrent)";
    }
    return null;
  }

  /** The current target cannot be tried now: on to the next one, without counting an attempt. */
  private void skip(String why) {
    skipped = skipped == null ? why : skipped + "; " + why;
    nextTarget();
  }

  /** Fails over to the next target, or ends with the best error for what happened. */
  private void nextTarget() {
    targetIndex++;
    attemptsOnTarget = 0;
    if (targetIndex < plan.targets().size()) {
      attempt();
    } else if (lastFailure != null) {
      finish(finalError(lastFailure));
    } else {
      finish(new GatewayError.NoHealthyBackend(
          "No backend of route '" + plan.route() + "' can take the request now: " + skipped + "."));
    }
  }

  /** True while callbacks of attempt {@code id} still matter. */
  private boolean current(int id) {
    return id == attemptId && !finished;
  }

  private void onResponse(int id, BackendClient backend, HttpClientResponse response) {
    watchdog.answerStarted(backend.config().timeouts().idle().toNanos());
    int status = response.statusCode();
    upstreamStatus = status;
    response.exceptionHandler(error -> {
      if (current(id)) {
        broken(Errors.classify(backend.name(), error, "silent between chunks"));
      }
    });
    if (status < 200 || status >= 300) {
      String retryAfter = response.getHeader("retry-after");
      readWhole(id, backend, response, MAX_ERROR_BYTES,
          body -> failed(statusFailure(backend, status, body, retryAfter)));
      return;
    }
    if (!request.stream()) {
      readWhole(id, backend, response, MAX_RESPONSE_BYTES, body -> answerWhole(backend, body));
      return;
    }
    streaming = backend.provider().newStreamTranslator(request);
    response.handler(chunk -> {
      watchdog.activity();
      if (current(id) && !relay(backend, chunk.getBytes())) {
        // The client's write queue is full: stop reading from the provider until it drains, so
        // a slow client holds back the provider instead of growing our memory.
        response.pause();
        watchdog.hold();
        channel.onWritable(() -> {
          watchdog.activity();
          response.resume();
        });
      }
    });
    response.endHandler(end -> {
      if (current(id)) {
        endStream(backend);
      }
    });
  }

  private Watchdog watchdog() {
    if (watchdog == null) {
      long deadline = exchange.startNanos() + plan.timeout().toNanos();
      watchdog = new Watchdog(deadlines, deadline, new Watchdog.Expiry() {
        @Override
        public void routeTimeout() {
          totalTimeout();
        }

        @Override
        public void firstByteTimeout(long timeoutMillis) {
          failed(new Failure.Timeout(current.name(), "no first byte within " + timeoutMillis + " ms"));
        }

        @Override
        public void idleTimeout(long timeoutMillis) {
          broken(new Failure.Timeout(current.name(),
              "silent for " + timeoutMillis + " ms between chunks"));
        }
      });
    }
    return watchdog;
  }

  /**
   * Translates one upstream chunk of a stream and writes the events it completed. Returns false
   * when the client cannot take more for now.
   */
  private boolean relay(BackendClient backend, byte[] chunk) {
    byte[] events;
    try {
      events = streaming.feed(chunk);
    } catch (ProviderException e) {
      broken(new Failure.Broken(backend.name(), e.getMessage()));
      return true;
    } catch (RuntimeException e) {
      LOG.error("backend '{}': stream translation failed", backend.name(), e);
      broken(new Failure.Broken(backend.name(), "internal translation error"));
      return true;
    }
    if (events.length == 0) {
      return true;
    }
    commitStream(backend);
    streamed.add(events);
    exchange.telemetry().streamed(events);
    return channel.write(events);
  }

  private void commitStream(BackendClient backend) {
    if (!channel.committed()) {
      streamed = new StreamedText();
      answerHeaders(backend);
      channel.startStream();
      exchange.firstByteSent(System.nanoTime());
    }
  }

  private void endStream(BackendClient backend) {
    byte[] last;
    try {
      last = streaming.finish();
    } catch (ProviderException e) {
      broken(new Failure.Broken(backend.name(), e.getMessage()));
      return;
    } catch (RuntimeException e) {
      LOG.error("backend '{}': stream translation failed", backend.name(), e);
      broken(new Failure.Broken(backend.name(), "internal translation error"));
      return;
    }
    exchange.usage(streaming.usage());
    commitStream(backend);
    if (last != null && last.length > 0) {
      exchange.telemetry().streamed(last);
    }
    succeed();
    channel.endStream(last);
  }

  private void answerWhole(BackendClient backend, byte[] body) {
    TranslatedResponse answer;
    try {
      answer = backend.provider().translateResponse(request, body);
    } catch (ProviderException e) {
      failed(new Failure.Broken(backend.name(), e.getMessage()));
      return;
    } catch (RuntimeException e) {
      LOG.error("backend '{}': answer translation failed", backend.name(), e);
      failed(new Failure.Broken(backend.name(), "internal translation error"));
      return;
    }
    exchange.usage(answer.usage());
    exchange.telemetry().answered(answer.body());
    answerHeaders(backend);
    succeed();
    channel.respond(200, "application/json", answer.body());
  }

  private void answerLocally(int id, BackendClient backend, LocalProvider.LocalAnswer answer) {
    if (answer.status() < 200 || answer.status() >= 300) {
      failed(statusFailure(backend, answer.status(), concat(answer), null));
    } else if (!request.stream()) {
      answerWhole(backend, concat(answer));
    } else {
      streaming = backend.provider().newStreamTranslator(request);
      for (byte[] chunk : answer.chunks()) {
        relay(backend, chunk); // in-process answers are small: no backpressure needed
        if (!current(id)) {
          return;
        }
      }
      endStream(backend);
    }
  }

  private void answerHeaders(BackendClient backend) {
    channel.header("x-sluice-backend", backend.name());
    int attempts = exchange.attempts();
    channel.header("x-sluice-attempts", attempts < COUNTS.length ? COUNTS[attempts] : Integer.toString(attempts));
  }

  private Failure statusFailure(BackendClient backend, int status, byte[] body, String retryAfter) {
    UpstreamError error = Credentials.scrub(backend.provider().translateError(status, body),
        Credentials.sentIn(upstreamRequest));
    return new Failure.Status(backend.name(), error, RetryAfter.parse(retryAfter, Instant.now()));
  }

  /** A failure during a stream: retried if nothing reached the client yet, else the end. */
  private void broken(Failure failure) {
    if (!channel.committed()) {
      failed(failure);
      return;
    }
    exchange.usage(cutStreamUsage());
    endAttempt(outcomeOf(failure), outcomeName(failure));
    finish(failure instanceof Failure.Timeout
        ? new GatewayError.UpstreamTimeout("The stream stalled: " + failure.describe() + ".")
        : new GatewayError.UpstreamFailed("The stream broke: " + failure.describe() + "."));
  }

  private void failed(Failure failure) {
    endAttempt(outcomeOf(failure), outcomeName(failure));
    lastFailure = failure;
    RetryRule.Decision next = RetryRule.decide(
        plan.retry(), failure, attemptsOnTarget, ThreadLocalRandom.current().nextDouble());
    switch (next) {
      case RetryRule.Decision.RetrySame retry when !plan.retryBudget().tryRetry() ->
          nextTarget(); // the route's retry budget is spent: fail over rather than add load
      case RetryRule.Decision.RetrySame retry -> {
        long delayMs = retry.delay().toMillis();
        if (delayMs <= 0) {
          attempt();
        } else {
          backoffTimer = vertx.setTimer(delayMs, timer -> attempt());
        }
      }
      case RetryRule.Decision.NextTarget nextTarget -> nextTarget();
      case RetryRule.Decision.Stop stop -> finish(finalError(failure));
    }
  }

  /**
   * Closes the current attempt: its late callbacks are ignored from now on, its connection is
   * reset if still open, and its time is added to the upstream latency.
   */
  private void endAttempt(BackendStats.Outcome outcome, String why) {
    boolean open = attemptOpen; // false between attempts (a backoff wait), when a timeout can fire
    long now = System.nanoTime();
    closeAttempt(outcome, why, now);
    // Retired before its connection is reset: the reset reports an error to the attempt's
    // handlers at once, which must see a stale attempt and ignore it.
    attemptId++;
    if (watchdog != null) {
      watchdog.attemptOver();
    }
    if (open) {
      exchange.addUpstreamNanos(now - attemptStartNanos);
    }
    cancelInFlight();
  }

  /**
   * The client's error once nothing more will be tried. A provider's own 4xx that the route
   * does not retry is the client's problem (a bad parameter, say): it keeps its status and the
   * provider's message. Everything else is a 502 naming the last failure.
   */
  private GatewayError finalError(Failure failure) {
    if (failure instanceof Failure.Unsupported u) {
      return new GatewayError.InvalidRequest("unsupported_parameter", u.detail(), u.param());
    }
    if (failure instanceof Failure.Status s && s.error().status() >= 400 && s.error().status() < 500
        && !RetryRule.retryable(plan.retry(), failure)) {
      UpstreamError e = s.error();
      return new GatewayError.ProviderRejected(e.status(), e.type(), e.code(), e.message(), e.param());
    }
    return new GatewayError.UpstreamFailed("Every target failed; last: " + failure.describe() + ".");
  }

  private void totalTimeout() {
    stop(BackendStats.Outcome.FAILURE, "timeout", new GatewayError.UpstreamTimeout(
        "No complete answer within the route's timeout of " + plan.timeout().toMillis() + " ms."));
  }

  /** The server's drain ran out. */
  private void shuttingDown() {
    stop(BackendStats.Outcome.CANCELLED, "cancelled", new GatewayError.ShuttingDown());
  }

  private void clientGone() {
    stop(BackendStats.Outcome.CANCELLED, "cancelled", null);
  }

  /**
   * Stops the request from outside its attempt (a timeout, the drain, the client leaving): the
   * attempt ends, a stream is charged for what it streamed, and the client gets {@code error}
   * (none when it has gone).
   */
  private void stop(BackendStats.Outcome outcome, String why, GatewayError error) {
    if (finished) {
      return;
    }
    if (streaming != null) { // cut mid-stream: charged for what was streamed, as any cut stream
      exchange.usage(cutStreamUsage());
    }
    endAttempt(outcome, why);
    if (error != null) {
      finish(error);
    } else {
      finished = true;
      cancelTimers();
    }
  }

  /**
   * The usage of a stream that ended early: what the provider reported, or failing that (SPEC
   * §5) what was streamed — the prompt's estimate in, the delivered text's estimate out. A
   * stream that delivered nothing is charged nothing.
   */
  private TokenUsage cutStreamUsage() {
    TokenUsage reported = streaming == null ? null : streaming.usage();
    if (reported != null || streamed == null || !streamed.any()) {
      return reported;
    }
    long prompt = exchange.promptTokenEstimate();
    if (prompt < 0) {
      prompt = TokenCounter.estimatePrompt(request);
    }
    return TokenUsage.of(prompt, streamed.estimatedTokens());
  }

  /**
   * Counts the attempt in its backend's stats and circuit, and tells stage 6 how it ended, once;
   * {@code now} is {@link System#nanoTime()}, read once for all of them.
   */
  private void closeAttempt(BackendStats.Outcome outcome, String why, long now) {
    if (attemptOpen) {
      attemptOpen = false;
      if (!sent) {
        // Refused or broken in translation, before anything was sent: not the backend's doing.
        outcome = BackendStats.Outcome.CANCELLED;
      }
      long nanos = now - attemptStartNanos;
      current.stats().finished(outcome, nanos);
      switch (outcome) {
        case SUCCESS -> current.circuit().succeeded(nanos);
        case FAILURE -> current.circuit().failed(nanos);
        case CANCELLED -> current.circuit().released();
      }
      traced.end(upstreamStatus, why, now);
      traced = RequestTelemetry.Attempt.NONE;
    }
  }

  /** A failure as the attempt counter and span name it (a bounded set of values). */
  private static String outcomeName(Failure failure) {
    return switch (failure) {
      case Failure.Status s when s.error().status() == 429 -> "http_429";
      case Failure.Status s when s.error().status() >= 500 -> "http_5xx";
      case Failure.Status s -> "http_4xx";
      case Failure.ConnectFailure c -> "connect_failure";
      case Failure.Timeout t -> "timeout";
      case Failure.Unsupported u -> "unsupported";
      case Failure.Broken b -> "broken";
    };
  }

  /** A backend that answered a client error (not 429) worked; translation refusals say nothing. */
  private static BackendStats.Outcome outcomeOf(Failure failure) {
    return switch (failure) {
      case Failure.Unsupported u -> BackendStats.Outcome.CANCELLED;
      case Failure.Status s when s.error().status() >= 400 && s.error().status() < 500
          && s.error().status() != 429 -> BackendStats.Outcome.SUCCESS;
      default -> BackendStats.Outcome.FAILURE;
    };
  }

  private void succeed() {
    long now = System.nanoTime();
    closeAttempt(BackendStats.Outcome.SUCCESS, "success", now);
    exchange.addUpstreamNanos(now - attemptStartNanos);
    finished = true;
    inFlight = null;
    cancelTimers();
  }

  private void finish(GatewayError error) {
    finished = true;
    cancelTimers();
    channel.fail(error);
  }

  private void cancelInFlight() {
    if (inFlight != null) {
      inFlight.reset();
      inFlight = null;
    }
  }

  private void cancelTimers() {
    if (watchdog != null) {
      watchdog.stop();
    }
    if (backoffTimer >= 0) {
      vertx.cancelTimer(backoffTimer);
      backoffTimer = -1;
    }
  }

  /** Collects a body of at most {@code limit} bytes; a larger one fails the attempt. */
  private void readWhole(int id, BackendClient backend, HttpClientResponse response, int limit,
      java.util.function.Consumer<byte[]> whole) {
    BoundedBody body = new BoundedBody(limit, BoundedBody.declaredLength(
        response.headers().get(io.vertx.core.http.HttpHeaders.CONTENT_LENGTH)));
    response.handler(chunk -> {
      watchdog.activity();
      if (current(id) && !body.add(chunk)) {
        failed(new Failure.Broken(backend.name(), "answer larger than " + limit + " bytes"));
      }
    });
    response.endHandler(end -> {
      if (current(id)) {
        whole.accept(body.bytes());
      }
    });
  }

  private static byte[] concat(LocalProvider.LocalAnswer answer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    answer.chunks().forEach(out::writeBytes);
    return out.toByteArray();
  }
}
