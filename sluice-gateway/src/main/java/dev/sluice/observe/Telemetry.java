package dev.sluice.observe;

import dev.sluice.api.Endpoint;
import dev.sluice.config.ObservabilityConfig;
import dev.sluice.observe.spans.OtlpResource;
import dev.sluice.observe.spans.OtlpSpanExporter;
import dev.sluice.observe.spans.SdkExporterSink;
import dev.sluice.observe.spans.SpanSink;
import dev.sluice.observe.spans.SpanTransport;
import dev.sluice.observe.spans.TraceContext;
import dev.sluice.pipeline.Exchange;
import dev.sluice.pipeline.RequestHeaders;
import dev.sluice.pipeline.RequestTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ServiceAttributes;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's telemetry: spans (batched to OTLP/HTTP) when tracing is on, a meter (read by
 * Prometheus on the admin port and/or pushed over OTLP/HTTP) when metrics are on. Built once at
 * start; with both off it records nothing and a request carries no telemetry object. Metrics are
 * the OpenTelemetry SDK's; spans are Sluice's own two shapes, encoded straight to OTLP (see
 * docs/design/telemetry.md).
 */
public final class Telemetry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);
  private static final String SCOPE = "dev.sluice.gateway";
  private static final AttributeKey<String> BACKEND = GenAiMetrics.BACKEND;
  private static final Attributes QUEUE_FULL =
      Attributes.of(ErrorAttributes.ERROR_TYPE, "queue_full");
  private static final PrometheusTextFormatWriter PROMETHEUS_TEXT = PrometheusTextFormatWriter.create();
  /** The content type of {@link #writePrometheus}. */
  public static final String PROMETHEUS_CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  private final SpanSink spans; // null: tracing off
  private final TraceIdRatio sampler; // null: tracing off
  private final SdkMeterProvider meterProvider; // null: metrics off
  private final PrometheusMetricReader prometheus; // null: GET /metrics off
  private final GenAiMetrics metrics; // null: metrics off
  private volatile boolean captureContent; // a reload may change it
  private final SpanNames names = new SpanNames();
  private final RequestTelemetry counting; // attempts counted, nothing traced
  private final Map<String, Attributes> circuitSeries = new ConcurrentHashMap<>();
  private volatile Supplier<? extends Collection<String>> backends = List::of;
  private volatile CircuitStates circuits = CircuitStates.ALL_CLOSED;

  /**
   * @param spans makes the span sink from the resource and the sink's health counters; null:
   *     tracing off
   */
  private Telemetry(ObservabilityConfig config,
      BiFunction<Resource, SpanSink.Outcomes, SpanSink> spans, MetricReader pushed) {
    Resource resource = Resource.getDefault().merge(
        Resource.create(Attributes.of(ServiceAttributes.SERVICE_NAME, config.serviceName())));
    this.captureContent = config.captureContent();
    prometheus = config.prometheus() ? PrometheusMetricReader.builder()
        .setOtelScopeLabelsEnabled(false) // one scope: the label would only lengthen every series
        .build() : null;
    Meter meter = null;
    if (prometheus != null || pushed != null) {
      SdkMeterProviderBuilder meters = SdkMeterProvider.builder().setResource(resource)
          // No exemplars: spans are never made current on the event loops, so the default
          // trace-based filter would only look up the context on every measurement to say no.
          .setExemplarFilter(ExemplarFilter.alwaysOff());
      if (prometheus != null && pushed != null && SharedMetricReader.canShare(pushed)) {
        // One storage for both: each measurement recorded once, not once per reader.
        meters.registerMetricReader(new SharedMetricReader(List.of(prometheus, pushed)));
      } else {
        if (prometheus != null) {
          meters.registerMetricReader(prometheus);
        }
        if (pushed != null) {
          meters.registerMetricReader(pushed);
        }
      }
      meterProvider = meters.build();
      meter = meterProvider.get(SCOPE);
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
      counting = (backend, upstreamModel, host, port, resendCount, startNanos) ->
          metrics.attempts(backend);
    } else {
      meterProvider = null;
      metrics = null;
      counting = RequestTelemetry.NONE;
    }
    if (spans != null) {
      double ratio = config.otlp() == null ? 1.0 : config.otlp().sampleRatio();
      sampler = new TraceIdRatio(ratio);
      this.spans = spans.apply(resource, meter == null ? SpanSink.Outcomes.NONE : outcomes(meter));
    } else {
      sampler = null;
      this.spans = null;
    }
  }

  /**
   * Telemetry as configured: OTLP/HTTP export when {@code otlp} is set (with its {@code headers}
   * on every export, traces and metrics alike), Prometheus unless off. Spans are sent once
   * {@link #start} gives them a transport.
   */
  public static Telemetry of(ObservabilityConfig config) {
    BiFunction<Resource, SpanSink.Outcomes, SpanSink> spans = null;
    MetricReader pushed = null;
    if (config.otlp() != null) {
      String base = config.otlp().endpoint().strip().replaceAll("/+$", "");
      Map<String, String> headers = config.otlp().headers();
      if (config.otlp().traces()) {
        URI traces = URI.create(base + "/v1/traces");
        spans = (resource, outcomes) -> new OtlpSpanExporter(traces, headers,
            OtlpResource.encode(resource), SCOPE, outcomes);
      }
      if (config.otlp().metrics()) {
        String metricsEndpoint = base + "/v1/metrics";
        // Cumulative and the default aggregation, as DeferredMetricExporter reports before it builds.
        var exporter = new DeferredMetricExporter(() -> {
          var builder = OtlpHttpMetricExporter.builder()
              .setEndpoint(metricsEndpoint)
              .setMemoryMode(MemoryMode.REUSABLE_DATA);
          headers.forEach(builder::addHeader);
          return builder.build();
        });
        pushed = PeriodicMetricReader.builder(exporter)
            .setInterval(config.otlp().metricsInterval())
            .build();
      }
    }
    return new Telemetry(config, spans, pushed);
  }

  /**
   * Telemetry whose spans go to the given SDK exporter, one by one, instead of OTLP (tests: the
   * SDK's in-memory exporter), and whose metrics go to the given reader; either may be null.
   * Prometheus and the other settings as configured.
   */
  public static Telemetry of(ObservabilityConfig config, SpanExporter spans, MetricReader metrics) {
    return new Telemetry(config,
        spans == null ? null : (resource, outcomes) -> new SdkExporterSink(spans, resource, SCOPE),
        metrics);
  }

  /** Starts sending spans, through the server's HTTP client and timers. */
  public void start(SpanTransport.Factory transports) {
    if (spans != null) {
      spans.start(transports);
    }
  }

  /**
   * Sends the spans still batched and waits up to {@code timeout} for them to be sent: call it
   * before the event loops that {@link #start} gave stop.
   */
  public void flushSpans(Duration timeout) {
    if (spans == null) {
      return;
    }
    try {
      spans.flush().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn("otlp: spans still unsent after {} ms; they are dropped", timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("otlp: flushing spans failed: {}", e.toString());
    }
  }

  /** The span sink's health, with the names of OpenTelemetry's SDK self-observability metrics. */
  private static SpanSink.Outcomes outcomes(Meter meter) {
    LongCounter processed = meter.counterBuilder("otel.sdk.processor.span.processed")
        .setUnit("{span}")
        .setDescription("Spans batched for export; error.type queue_full: dropped unsent.")
        .build();
    LongCounter exported = meter.counterBuilder("otel.sdk.exporter.span.exported")
        .setUnit("{span}")
        .setDescription("Spans sent to the collector; with error.type: given up on.")
        .build();
    Map<String, Attributes> failures = new ConcurrentHashMap<>();
    return new SpanSink.Outcomes() {
      @Override
      public void queued(int count) {
        processed.add(count);
      }

      @Override
      public void dropped(int count) {
        processed.add(count, QUEUE_FULL);
      }

      @Override
      public void exported(int count) {
        exported.add(count);
      }

      @Override
      public void failed(int count, String errorType) {
        exported.add(count, failures.computeIfAbsent(errorType,
            type -> Attributes.of(ErrorAttributes.ERROR_TYPE, type)));
      }
    };
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
   * What follows an exchange that begins: a SERVER span for a model operation whose trace is
   * sampled (tracing on: the caller's sampled flag, else the sample ratio), else at most the
   * attempt counter and a trace context passed on upstream: the caller's, untouched, or (tracing
   * on, a new trace not sampled) a new one flagged not sampled.
   */
  RequestTelemetry begin(Exchange exchange, Map<String, String> providers,
      AttemptAttributes attemptAttributes) {
    Endpoint endpoint = exchange.endpoint();
    RequestHeaders headers = exchange.headers();
    String traceparent = headers.get(TraceHeaders.TRACEPARENT);
    boolean modelOperation = endpoint == Endpoint.CHAT || endpoint == Endpoint.EMBEDDINGS
        || endpoint == Endpoint.MESSAGES;
    if (spans != null && modelOperation) {
      // tracestate means nothing without traceparent (W3C): not looked up for a new trace
      String tracestate = traceparent == null ? null : headers.get(TraceHeaders.TRACESTATE);
      TraceContext parent = TraceContext.parse(traceparent, tracestate);
      if (parent != null) { // the caller decided
        return parent.sampled()
            ? RequestSpan.start(spans, parent, null, endpoint, exchange.startNanos(), providers,
                attemptAttributes, names, counting, captureContent)
            : new TraceHeaders.PassedOn(traceparent, tracestate, counting);
      }
      TraceContext root = TraceContext.newRoot(true);
      if (sampler.sampled(root.traceIdLow())) {
        return RequestSpan.start(spans, null, root, endpoint, exchange.startNanos(), providers,
            attemptAttributes, names, counting, captureContent);
      }
      return new TraceHeaders.PassedOn(root.unsampled().traceparent(), null, counting);
    }
    return traceparent == null ? counting
        : new TraceHeaders.PassedOn(traceparent, headers.get(TraceHeaders.TRACESTATE), counting);
  }

  /** Exports what is pending (spans, a last metrics push) and stops the exporters. */
  @Override
  public void close() {
    if (spans != null) {
      flushSpans(Duration.ofSeconds(5)); // at once if the gateway already flushed them
      spans.close();
    }
    if (meterProvider != null) {
      meterProvider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }
}
