package dev.sluice.testkit;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * An OpenTelemetry collector for tests: a real OTLP/HTTP receiver on 127.0.0.1 and a random
 * port that decodes the protobuf bodies of {@code POST /v1/traces} and {@code POST /v1/metrics}
 * (gzip or not) with the protocol's own generated classes, and keeps what it received. Point an
 * exporter at {@link #baseUrl()}. A body that does not decode is answered 400 and counted in
 * {@link #rejected()}, so a test sees an exporter speaking the protocol wrong. Started with
 * required headers, it answers 401 to a request without them, as a collector with authentication
 * does; {@link #headers} tells what each request carried.
 */
public final class OtlpReceiver implements AutoCloseable {
    private static final Duration LIFECYCLE_TIMEOUT = Duration.ofSeconds(10);
    private static final HexFormat HEX = HexFormat.of();

    private final Vertx vertx;
    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<Metric> metrics = new CopyOnWriteArrayList<>();
    private final List<String> rejected = new CopyOnWriteArrayList<>();
    private final List<Map.Entry<String, MultiMap>> requestHeaders = new CopyOnWriteArrayList<>();
    private final Map<String, String> required;
    private final java.util.concurrent.ConcurrentLinkedQueue<Integer> failures =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    private OtlpReceiver(Map<String, String> required) {
        this.required = Map.copyOf(required);
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(this::handle);
    }

    /** Starts a receiver and returns once it is listening. */
    public static OtlpReceiver start() {
        return start(Map.of());
    }

    /**
     * Starts a receiver that accepts only requests carrying every one of these headers with
     * exactly these values (names case-insensitive); others are answered 401 and counted in
     * {@link #rejected()}.
     */
    public static OtlpReceiver start(Map<String, String> requiredHeaders) {
        OtlpReceiver receiver = new OtlpReceiver(requiredHeaders);
        try {
            await(receiver.server.listen(), "listen");
        } catch (RuntimeException e) {
            receiver.close();
            throw e;
        }
        return receiver;
    }

    /** {@code http://127.0.0.1:PORT}: the OTLP/HTTP endpoint, without {@code /v1/traces}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Every span received so far, in arrival order. */
    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** Every metric data point batch received so far (each push repeats cumulative metrics). */
    public List<Metric> metrics() {
        return List.copyOf(metrics);
    }

    /** Why requests were refused: an unknown path or a body that is not the protocol's protobuf. */
    public List<String> rejected() {
        return List.copyOf(rejected);
    }

    /**
     * Waits until a received span matches and returns the first that does.
     *
     * @throws AssertionError when none arrived within {@code timeout}
     */
    public ReceivedSpan awaitSpan(Predicate<ReceivedSpan> matches, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (ReceivedSpan span : spans) {
                if (matches.test(span)) {
                    return span;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching span within " + timeout + "; received " + spans);
            }
            sleep();
        }
    }

    /**
     * Waits until a metric of this name was received and returns the latest one.
     *
     * @throws AssertionError when none arrived within {@code timeout}
     */
    public Metric awaitMetric(String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (int i = metrics.size() - 1; i >= 0; i--) {
                if (metrics.get(i).getName().equals(name)) {
                    return metrics.get(i);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no metric " + name + " within " + timeout + "; received "
                        + metrics.stream().map(Metric::getName).distinct().toList());
            }
            sleep();
        }
    }

    /**
     * The values of header {@code name} on each request to {@code path} ({@code /v1/traces} or
     * {@code /v1/metrics}) so far, in arrival order; null for a request without it.
     */
    public List<String> headers(String path, String name) {
        return requestHeaders.stream().filter(e -> e.getKey().equals(path))
                .map(e -> e.getValue().get(name)).collect(Collectors.toList());
    }

    /**
     * Answers the next {@code times} export requests with {@code status} instead of accepting
     * them (a collector that is overloaded, 503, or refuses the data, 400). What they carried is
     * not kept.
     */
    public void failNext(int times, int status) {
        for (int i = 0; i < times; i++) {
            failures.add(status);
        }
    }

    /** Forgets everything received. */
    public void reset() {
        requestHeaders.clear();
        spans.clear();
        metrics.clear();
        rejected.clear();
        failures.clear();
    }

    @Override
    public void close() {
        await(vertx.close(), "close");
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            String path = request.path();
            requestHeaders.add(Map.entry(path, MultiMap.caseInsensitiveMultiMap().addAll(request.headers())));
            for (Map.Entry<String, String> header : required.entrySet()) {
                if (!header.getValue().equals(request.getHeader(header.getKey()))) {
                    reject(request, 401, path + ": header " + header.getKey() + " missing or wrong");
                    return;
                }
            }
            if (request.method() != HttpMethod.POST
                    || !(path.equals("/v1/traces") || path.equals("/v1/metrics"))) {
                reject(request, 404, request.method() + " " + path);
                return;
            }
            Integer failure = failures.poll();
            if (failure != null) {
                request.response().setStatusCode(failure).end("failing as told");
                return;
            }
            try {
                byte[] bytes = decompress(body, request.getHeader("content-encoding"));
                byte[] answer;
                if (path.equals("/v1/traces")) {
                    receiveSpans(ExportTraceServiceRequest.parseFrom(bytes));
                    answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                } else {
                    receiveMetrics(ExportMetricsServiceRequest.parseFrom(bytes));
                    answer = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
                }
                request.response().putHeader("content-type", "application/x-protobuf")
                        .end(Buffer.buffer(answer));
            } catch (InvalidProtocolBufferException | UncheckedIOException e) {
                reject(request, 400, path + ": " + e.getMessage());
            }
        });
    }

    private void reject(HttpServerRequest request, int status, String why) {
        rejected.add(why);
        request.response().setStatusCode(status).end(why);
    }

    private void receiveSpans(ExportTraceServiceRequest export) {
        for (ResourceSpans resourceSpans : export.getResourceSpansList()) {
            String service = serviceName(resourceSpans.getResource());
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    spans.add(new ReceivedSpan(hex(span.getTraceId()), hex(span.getSpanId()),
                            hex(span.getParentSpanId()), span.getName(), span.getKind().name(),
                            attributes(span.getAttributesList()), span.getStatus().getCode().name(),
                            service, span.getStartTimeUnixNano(), span.getEndTimeUnixNano()));
                }
            }
        }
    }

    private void receiveMetrics(ExportMetricsServiceRequest export) {
        for (ResourceMetrics resourceMetrics : export.getResourceMetricsList()) {
            for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
                metrics.addAll(scopeMetrics.getMetricsList());
            }
        }
    }

    private static String serviceName(Resource resource) {
        Object name = attributes(resource.getAttributesList()).get("service.name");
        return name == null ? null : name.toString();
    }

    /** OTLP attributes as plain Java values; arrays and maps as their protobuf text. */
    public static Map<String, Object> attributes(List<KeyValue> keyValues) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (KeyValue keyValue : keyValues) {
            AnyValue value = keyValue.getValue();
            Object plain = switch (value.getValueCase()) {
                case STRING_VALUE -> value.getStringValue();
                case INT_VALUE -> value.getIntValue();
                case DOUBLE_VALUE -> value.getDoubleValue();
                case BOOL_VALUE -> value.getBoolValue();
                default -> value.toString();
            };
            attributes.put(keyValue.getKey(), plain);
        }
        return attributes;
    }

    private static String hex(ByteString id) {
        return HEX.formatHex(id.toByteArray());
    }

    private static byte[] decompress(Buffer body, String encoding) {
        if (encoding == null || encoding.equalsIgnoreCase("identity")) {
            return body.getBytes();
        }
        if (!encoding.equalsIgnoreCase("gzip")) {
            throw new UncheckedIOException(new IOException("unsupported content-encoding " + encoding));
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body.getBytes()))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.await(LIFECYCLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("OTLP receiver " + what + " took over " + LIFECYCLE_TIMEOUT, e);
        }
    }
}
