package dev.sluice.testkit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A scriptable fake OpenAI-compatible provider: a real HTTP/1.1 server on 127.0.0.1 and a
 * random port, owning its own Vert.x instance.
 *
 * <p>Each request is recorded, then answered by the next {@link #enqueue enqueued} response;
 * when the queue is empty, by the fallback ({@link #setDefault} or {@link #respondWith}, the
 * last call wins), which starts as {@link DefaultAnswers#forRequest}. Requests arrive on the
 * event loop while tests call from their own thread, so all state is in concurrent structures.
 */
public final class FakeProvider implements AutoCloseable {

    private static final Duration LIFECYCLE_TIMEOUT = Duration.ofSeconds(10);
    private static final Function<RecordedRequest, FakeResponse> DEFAULT = DefaultAnswers::forRequest;

    private final Vertx vertx;
    private final HttpServer server;
    private final ResponseWriter writer;
    private final Queue<FakeResponse> script = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Function<RecordedRequest, FakeResponse>> fallback = new AtomicReference<>(DEFAULT);
    private final List<RecordedRequest> recorded = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger abandoned = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
    private final Object arrivals = new Object(); // awaitRequests waits on it; each recording notifies

    private FakeProvider() {
        this(false);
    }

    private FakeProvider(boolean http2) {
        // One event loop is plenty for tests and keeps the fake cheap on small CI machines.
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        server = vertx.createHttpServer(new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(0)
                .setTcpNoDelay(true)
                // HTTP/1.1 unless asked: faults like a mid-stream reset mean one thing per
                // connection. With http2, cleartext HTTP/2 (prior knowledge) is accepted too.
                .setHttp2ClearTextEnabled(http2)
                .setHandle100ContinueAutomatically(true));
        writer = new ResponseWriter(vertx);
        server.connectionHandler(connection -> connections.incrementAndGet());
        server.requestHandler(this::handle);
    }

    /** Starts a fake and returns once it is listening. */
    public static FakeProvider start() {
        return listen(new FakeProvider(false));
    }

    /** Starts a fake that also takes cleartext HTTP/2 (h2c with prior knowledge). */
    public static FakeProvider startHttp2() {
        return listen(new FakeProvider(true));
    }

    private static FakeProvider listen(FakeProvider fake) {
        try {
            await(fake.server.listen(), "listen");
        } catch (RuntimeException e) {
            fake.close();
            throw e;
        }
        return fake;
    }

    /** Connections accepted since the fake started (not reset by {@link #reset}). */
    public int connectionsOpened() {
        return connections.get();
    }

    public int port() {
        return server.actualPort();
    }

    /** {@code http://127.0.0.1:PORT}, to configure as the gateway's upstream URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Appends answers for the next requests, one per request, in order. */
    public void enqueue(FakeResponse... responses) {
        for (FakeResponse response : responses) {
            script.add(Objects.requireNonNull(response, "response"));
        }
    }

    /** Answers every request the queue does not cover with this response. */
    public void setDefault(FakeResponse response) {
        Objects.requireNonNull(response, "response");
        fallback.set(request -> response);
    }

    /**
     * Answers every request the queue does not cover with what the function returns. It runs on
     * the event loop, so it must not block; if it throws, the request gets a 500 naming the failure.
     */
    public void respondWith(Function<RecordedRequest, FakeResponse> responder) {
        fallback.set(Objects.requireNonNull(responder, "responder"));
    }

    /** The requests received so far, oldest first; an immutable snapshot. */
    public List<RecordedRequest> requests() {
        return List.copyOf(recorded);
    }

    public int requestCount() {
        return recorded.size();
    }

    /**
     * Waits until at least {@code n} requests were received and returns them.
     *
     * @throws AssertionError when they did not arrive within {@code timeout}
     */
    public List<RecordedRequest> awaitRequests(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (arrivals) {
            while (recorded.size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + n + " requests within " + timeout
                            + ", received " + recorded.size() + ": " + recorded);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(arrivals, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while awaiting " + n + " requests", e);
                }
            }
        }
        return requests();
    }

    /** Back to the state right after {@link #start()}: empty queue, no recordings, the default fallback. */
    public void reset() {
        script.clear();
        recorded.clear();
        abandoned.set(0);
        fallback.set(DEFAULT);
    }

    /** Stops the server, dropping open connections (stalled requests included), and its Vert.x instance. */
    @Override
    public void close() {
        await(vertx.close(), "close");
    }

    /**
     * Answers whose connection the client (the gateway) closed before they ended: how a test sees
     * that a request was cancelled upstream.
     */
    public int abandonedResponses() {
        return abandoned.get();
    }

    private void handle(HttpServerRequest request) {
        request.response().closeHandler(closed -> {
            if (!request.response().ended()) {
                abandoned.incrementAndGet();
            }
        });
        long arrival = System.nanoTime(); // at the head, so retry gaps do not include body upload time
        request.body().onSuccess(body -> {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            request.headers().names().forEach(name -> headers.put(name, request.headers().getAll(name)));
            RecordedRequest recordedRequest = RecordedRequest.of(request.method().name(),
                    request.uri(), headers, body.toString(), arrival,
                    request.version() == io.vertx.core.http.HttpVersion.HTTP_2 ? "HTTP/2" : "HTTP/1.1");
            recorded.add(recordedRequest);
            synchronized (arrivals) {
                arrivals.notifyAll();
            }
            writer.play(request, next(recordedRequest));
        });
    }

    private FakeResponse next(RecordedRequest request) {
        FakeResponse scripted = script.poll();
        if (scripted != null) {
            return scripted;
        }
        try {
            return Objects.requireNonNull(fallback.get().apply(request), "respondWith function returned null");
        } catch (RuntimeException e) {
            return FakeResponse.error(500, "fake_provider_error", "respondWith function failed: " + e);
        }
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.await(LIFECYCLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("fake provider " + what + " took over " + LIFECYCLE_TIMEOUT, e);
        }
    }
}
