package dev.sluice.observe;

import dev.sluice.api.Endpoint;
import dev.sluice.config.ObservabilityConfig;
import dev.sluice.pipeline.Exchange;
import dev.sluice.pipeline.RequestTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.semconv.ServiceAttributes;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The process's OpenTelemetry: a tracer (spans batched to OTLP/HTTP) when tracing is on, a meter
 * (read by Prometheus on the admin port and/or pushed over OTLP/HTTP) when metrics are on. Built
 * once at start; with both off it records nothing and a request carries no telemetry object.
 */
public final class Telemetry implements AutoCloseable {
  private static final AttributeKey<String> BACKEND = GenAiMetrics.BACKEND;
  private static final int SPAN_QUEUE = 16 * 1024;
  // Export every 512 spans, not 2048: spans wait in the queue for their batch, and with the small
  // heaps of one-core deployments every young collection copies the waiting ones (TelemetryCpu:
  // GC pauses ~2.8 µs per traced request at 2048, ~1.8 at 512, ~1.0 at 128); 512 keeps the
  // exports (one HTTP request each) under 100 per second at 20k requests (40k spans) per second.
  private static final int SPAN_BATCH = 512;
  private static final PrometheusTextFormatWriter PROMETHEUS_TEXT = PrometheusTextFormatWriter.create();
  /** The content type of {@link #writePrometheus}. */
  public static final String PROMETHEUS_CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  private final SdkTracerProvider tracerProvider; // null: tracing off
  private final Tracer tracer;
  private final SdkMeterProvider meterProvider; // null: metrics off
  private final PrometheusMetricReader prometheus; // null: GET /metrics off
  private final GenAiMetrics metrics; // null: metrics off
  private final ReloadableRatioSampler sampler; // null: tracing off
  private volatile boolean captureContent; // a reload may change it
  private final SpanNames names = new SpanNames();
  private final RequestTelemetry counting; // attempts counted, nothing traced
  private final Map<String, RequestTelemetry.Attempt> countingAttempts = new ConcurrentHashMap<>();
  private final Map<String, Attributes> circuitSeries = new ConcurrentHashMap<>();
  private volatile Supplier<? extends Collection<String>> backends = List::of;
  private volatile CircuitStates circuits = CircuitStates.ALL_CLOSED;

  private Telemetry(ObservabilityConfig config, SpanProcessor spans, MetricReader pushed,
      AtomicReference<MeterProvider> meterProviderRef) {
    Resource resource = Resource.getDefault().merge(
        Resource.create(Attributes.of(ServiceAttributes.SERVICE_NAME, config.serviceName())));
    this.captureContent = config.captureContent();
    if (spans != null) {
      double ratio = config.otlp() == null ? 1.0 : config.otlp().sampleRatio();
      sampler = new ReloadableRatioSampler(ratio);
      tracerProvider = SdkTracerProvider.builder()
          .setResource(resource)
          .setSampler(Sampler.parentBased(sampler))
          .setIdGenerator(HexIdGenerator.INSTANCE)
          .addSpanProcessor(spans)
          .build();
      tracer = tracerProvider.get("dev.sluice.gateway");
    } else {
      sampler = null;
      tracerProvider = null;
      tracer = null;
    }
    prometheus = config.prometheus() ? PrometheusMetricReader.builder()
        .setOtelScopeLabelsEnabled(false) // one scope: the label would only lengthen every series
        .build() : null;
    if (prometheus != null || pushed != null) {
      SdkMeterProviderBuilder meters = SdkMeterProvider.builder().setResource(resource)
          // No exemplars: spans are never made current on the event loops, so the default
          // trace-based filter would only look up the context on every measurement to say no.
          .setExemplarFilter(ExemplarFilter.alwaysOff());
      if (prometheus != null) {
        meters.registerMetricReader(prometheus);
      }
      if (pushed != null) {
        meters.registerMetricReader(pushed);
      }
      meterProvider = meters.build();
      meterProviderRef.set(meterProvider); // the span processor's own counters (dropped spans)
      var meter = meterProvider.get("dev.sluice.gateway");
      metrics = new GenAiMetrics(meter);
      meter.gaugeBuilder("sluice.circuit.state").ofLongs()
          .setDescription("Circuit-breaker state per backend: 0 closed, 1 open, 2 half-open.")
          .buildWithCallback(gauge -> {
            CircuitStates states = circuits;
            for (String backend : backends.get()) {
              gauge.record(states.state(backend),
                  circuitSeries.computeIfAbsent(backend, b -> Attributes.of(BACKEND, b)));
            }
          });
      counting = (backend, upstreamModel, host, port, resendCount) ->
          countingAttempts.computeIfAbsent(backend, this::countingAttempt);
    } else {
      meterProvider = null;
      metrics = null;
      counting = RequestTelemetry.NONE;
    }
  }

  /**
   * Telemetry as configured: OTLP/HTTP export when {@code otlp} is set (with its {@code headers}
   * on every export, traces and metrics alike), Prometheus unless off.
   */
  public static Telemetry of(ObservabilityConfig config) {
    SpanProcessor spans = null;
    MetricReader pushed = null;
    AtomicReference<MeterProvider> meters = new AtomicReference<>(MeterProvider.noop());
    if (config.otlp() != null) {
      String base = config.otlp().endpoint().strip().replaceAll("/+$", "");
      if (config.otlp().traces()) {
        var exporter = OtlpHttpSpanExporter.builder()
            .setEndpoint(base + "/v1/traces")
            .setMemoryMode(MemoryMode.REUSABLE_DATA); // encodes without per-span garbage
        config.otlp().headers().forEach(exporter::addHeader);
        spans = BatchSpanProcessor.builder(exporter.build())
            // Room for a few batches at tens of thousands of requests per second; what does not
            // fit is dropped, never waited for, and counted in otel_sdk_processor_span_processed.
            .setMaxQueueSize(SPAN_QUEUE)
            .setMaxExportBatchSize(SPAN_BATCH)
            .setMeterProvider(meters::get)
            .setInternalTelemetryVersion(InternalTelemetryVersion.LATEST)
            .build();
      }
      if (config.otlp().metrics()) {
        var exporter = OtlpHttpMetricExporter.builder()
            .setEndpoint(base + "/v1/metrics")
            .setMemoryMode(MemoryMode.REUSABLE_DATA);
        config.otlp().headers().forEach(exporter::addHeader);
        pushed = PeriodicMetricReader.builder(exporter.build())
            .setInterval(config.otlp().metricsInterval())
            .build();
      }
    }
    return new Telemetry(config, spans, pushed, meters);
  }

  /**
   * Telemetry with the given span processor and metric reader instead of OTLP (tests: the SDK's
   * in-memory exporters); either may be null. Prometheus and the other settings as configured.
   */
  public static Telemetry of(ObservabilityConfig config, SpanProcessor spans, MetricReader metrics) {
    return new Telemetry(config, spans, metrics, new AtomicReference<>());
  }

  /**
   * Where the {@code sluice_circuit_state} gauge reads from: the current backends' names and
   * each one's state. Until called, no backend is reported.
   */
  public void circuitStates(Supplier<? extends Collection<String>> backends, CircuitStates states) {
    this.backends = backends;
    this.circuits = states;
  }

  /**
   * Applies what a configuration reload may change live ({@link
   * ObservabilityConfig#restartOnly}): the sample ratio of new traces and whether contents are
   * captured. Requests that began before keep what they began with.
   */
  public void reconfigure(ObservabilityConfig config) {
    captureContent = config.captureContent();
    if (sampler != null && config.otlp() != null) {
      sampler.set(config.otlp().sampleRatio());
    }
  }

  /** True when {@code GET /metrics} serves the metrics. */
  public boolean prometheus() {
    return prometheus != null;
  }

  /** Writes every metric in Prometheus text format. Collects: call it off the event loops. */
  public void writePrometheus(OutputStream out) throws IOException {
    if (prometheus != null) {
      PROMETHEUS_TEXT.write(out, prometheus.collect());
    }
  }

  GenAiMetrics metrics() {
    return metrics;
  }

  /**
   * What follows an exchange that begins: a SERVER span continuing the caller's trace for a
   * model operation (when tracing is on), else at most the attempt counter and the caller's
   * trace headers passed on untouched.
   */
  RequestTelemetry begin(Exchange exchange, Map<String, String> providers,
      AttemptAttributes attemptAttributes) {
    Endpoint endpoint = exchange.endpoint();
    boolean modelOperation = endpoint == Endpoint.CHAT || endpoint == Endpoint.EMBEDDINGS
        || endpoint == Endpoint.MESSAGES;
    if (tracer != null && modelOperation) {
      return RequestSpan.start(tracer, exchange, providers, attemptAttributes, names, counting,
          captureContent);
    }
    String traceparent = exchange.headers().get(TraceHeaders.TRACEPARENT);
    return traceparent == null ? counting
        : new TraceHeaders.PassedOn(traceparent, exchange.headers().get(TraceHeaders.TRACESTATE), counting);
  }

  private RequestTelemetry.Attempt countingAttempt(String backend) {
    return new RequestTelemetry.Attempt() {
      @Override
      public void headers(java.util.function.BiConsumer<String, String> put) {}

      @Override
      public void end(int status, String outcome) {
        metrics.attempt(backend, outcome);
      }
    };
  }

  /** Exports what is pending (spans, a last metrics push) and stops the exporters. */
  @Override
  public void close() {
    if (tracerProvider != null) {
      tracerProvider.shutdown().join(10, TimeUnit.SECONDS);
    }
    if (meterProvider != null) {
      meterProvider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }
}
