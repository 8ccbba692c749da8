package dev.sluice.bench;

import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.api.RequestParser;
import dev.sluice.authenticate.Principal;
import dev.sluice.budget.PriceTable;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.SluiceConfig;
import dev.sluice.observe.Observe;
import dev.sluice.observe.Telemetry;
import dev.sluice.pipeline.Exchange;
import dev.sluice.pipeline.RequestTelemetry;
import dev.sluice.provider.TokenUsage;
import dev.sluice.server.VertxSpanTransport;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Stage 6's telemetry on the event loop, per request: begin (the SERVER span), one upstream
 * attempt (its CLIENT span and trace header), completion (metrics, span attributes and end).
 * {@code off}: no metrics, no tracing; {@code metrics}: the default (Prometheus reader);
 * {@code tracing}: metrics and every request sampled, its two spans encoded to OTLP protobuf into
 * the exporter's batch, whose batches are never sent (the exporter is not started: past its limit
 * they are dropped); {@code otlp}: as {@code tracing} but sent with Vert.x's HTTP client to
 * {@code -Dsluice.bench.otlp} (default the bench's nginx mock on :18001, which answers 404 after
 * reading the body). Sending runs on a Vert.x event loop beside the benchmark thread: run
 * {@code otlp} pinned to one core ({@code taskset -c 1}) so that its time per request includes
 * it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class TelemetryBenchmarks {
  @Param({"off", "metrics", "tracing", "otlp"})
  public String mode;

  private Telemetry telemetry;
  private Vertx vertx; // otlp: sends the spans
  private Observe observe;
  private ClientRequest request;
  private final Principal principal = new Principal("bench", "bench", "research", "search");
  private final TokenUsage usage = new TokenUsage(812, 41, 0, 0, 0);
  private final BiConsumer<String, String> headers = (name, value) -> { };

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String observability = switch (mode) {
      case "off" -> "observability: { accessLog: { to: none }, prometheus: false }";
      case "otlp", "tracing" -> "observability: { accessLog: { to: none }, otlp: { endpoint: \""
          + System.getProperty("sluice.bench.otlp", "http://127.0.0.1:18001")
          + "\", traces: true, metrics: false, sampleRatio: 1.0 } }";
      default -> "observability: { accessLog: { to: none } }";
    };
    SluiceConfig config = ConfigLoader.parse("""
        backends: [ { name: openai, type: openai, apiKey: x } ]
        routes: [ { name: all, match: { models: ["gpt-*"] }, targets: [ { backend: openai } ] } ]
        """ + observability + "\n", Map.of()).config();
    telemetry = Telemetry.of(config.observability());
    if (mode.equals("otlp")) {
      vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
      telemetry.start(VertxSpanTransport.on(vertx));
    }
    observe = new Observe(null, PriceTable.of(Map.of()), null, telemetry, config.backends(),
        model -> model.startsWith("gpt-"));
    request = RequestParser.parse(Endpoint.CHAT, Fixtures.CHAT_REQUEST);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (vertx != null) {
      telemetry.flushSpans(java.time.Duration.ofSeconds(5));
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    telemetry.close();
  }

  @Benchmark
  public void request(Blackhole hole) {
    Exchange exchange = Fixtures.exchange(name -> null);
    observe.begin(exchange);
    exchange.onComplete(observe);
    exchange.principal(principal);
    exchange.request(request);
    exchange.attemptStarted("openai", request.model());
    RequestTelemetry.Attempt attempt = exchange.telemetry()
        .attempt("openai", request.model(), "api.openai.com", 443, 0, System.nanoTime());
    attempt.headers(headers);
    attempt.end(200, "success", System.nanoTime());
    exchange.usage(usage);
    exchange.complete(200, null);
    hole.consume(exchange);
  }
}
