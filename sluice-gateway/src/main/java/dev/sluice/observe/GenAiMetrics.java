package dev.sluice.observe;

import dev.sluice.pipeline.RequestTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * The metrics of SPEC §5 through the OpenTelemetry metrics API: the GenAI semantic-convention
 * histograms with Envoy AI Gateway's bucket boundaries and attribute names (so its dashboards
 * work), plus Sluice's own counters. Label values come from configuration (teams, projects,
 * backends) or are bounded by {@link ModelLabels}; a key id is never a label.
 *
 * <p>Attribute sets are built once per series and cached: recording a request costs a map lookup
 * and the SDK's aggregation, no attribute building. The three counters are counted by Sluice
 * (a {@link LongAdder} per attribute set) and read by the SDK at collection, through observable
 * counters: the same cumulative sums on the wire, without the SDK's per-measurement storage
 * lookup on the request path, three times a request.
 */
final class GenAiMetrics {
  // Envoy AI Gateway's boundaries for the GenAI metrics: envoyproxy/ai-gateway,
  // internal/metrics/genai.go (newGenAI), commit 1e826f6bddc100683c41874af8835ae5aaa8923f.
  static final List<Long> TOKEN_BUCKETS = List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L,
      65536L, 262144L, 1048576L, 4194304L, 16777216L, 67108864L);
  static final List<Double> REQUEST_DURATION_BUCKETS = List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32,
      0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
  static final List<Double> TIME_TO_FIRST_TOKEN_BUCKETS = List.of(0.001, 0.005, 0.01, 0.02, 0.04,
      0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
  static final List<Double> TIME_PER_OUTPUT_TOKEN_BUCKETS = List.of(0.01, 0.025, 0.05, 0.075, 0.1,
      0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5);

  // SPEC §5's short label names, next to the semantic conventions' ones.
  static final AttributeKey<String> MODEL = AttributeKey.stringKey("model");
  static final AttributeKey<String> TEAM = AttributeKey.stringKey("team");
  static final AttributeKey<String> PROJECT = AttributeKey.stringKey("project");
  static final AttributeKey<String> BACKEND = AttributeKey.stringKey("backend");
  static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
  static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("token_type");

  private final LongHistogram tokenUsage;
  private final DoubleHistogram requestDuration;
  private final DoubleHistogram timeToFirstToken;
  private final DoubleHistogram timePerOutputToken;
  private final Map<SeriesKey, Series> series = new ConcurrentHashMap<>();
  // Several series share one attribute set of these counters (a series also tells the project,
  // the operation, the error...): each set is counted once, as the SDK would have aggregated it.
  private final Map<Attributes, LongAdder> requestCounts = new ConcurrentHashMap<>();
  private final Map<Attributes, LongAdder> spendNanos = new ConcurrentHashMap<>();
  private final Map<String, AttemptCounts> attemptsByBackend = new ConcurrentHashMap<>();

  GenAiMetrics(Meter meter) {
    tokenUsage = meter.histogramBuilder("gen_ai.client.token.usage").ofLongs()
        .setDescription("Number of tokens processed.").setUnit("{token}")
        .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS).build();
    requestDuration = meter.histogramBuilder("gen_ai.server.request.duration")
        .setDescription("Generative AI server request duration such as time-to-last byte or last output token.")
        .setUnit("s").setExplicitBucketBoundariesAdvice(REQUEST_DURATION_BUCKETS).build();
    timeToFirstToken = meter.histogramBuilder("gen_ai.server.time_to_first_token")
        .setDescription("Time to generate first token for successful responses.")
        .setUnit("s").setExplicitBucketBoundariesAdvice(TIME_TO_FIRST_TOKEN_BUCKETS).build();
    timePerOutputToken = meter.histogramBuilder("gen_ai.server.time_per_output_token")
        .setDescription("Time per output token generated after the first token for successful responses.")
        .setUnit("s").setExplicitBucketBoundariesAdvice(TIME_PER_OUTPUT_TOKEN_BUCKETS).build();
    meter.counterBuilder("sluice.requests")
        .setDescription("Requests answered, by HTTP status, backend, team and model.")
        .buildWithCallback(counter -> requestCounts.forEach((attributes, count) ->
            counter.record(count.sum(), attributes)));
    meter.counterBuilder("sluice.upstream.attempts")
        .setDescription("Upstream attempts, by backend and outcome.")
        .buildWithCallback(counter -> attemptsByBackend.values().forEach(backend ->
            backend.byOutcome.values().forEach(outcome ->
                counter.record(outcome.count.sum(), outcome.attributes))));
    meter.counterBuilder("sluice.spend.usd").ofDoubles()
        .setDescription("Spend in USD at list price, by team, project and model.")
        .buildWithCallback(counter -> spendNanos.forEach((attributes, nanos) -> {
          long sum = nanos.sum();
          if (sum > 0) { // as before: a series appears once something was spent
            counter.record(sum / 1e9, attributes);
          }
        }));
  }

  /** The attempt counter of one backend (look it up once, count on it per attempt). */
  AttemptCounts attempts(String backend) {
    return attemptsByBackend.computeIfAbsent(backend, AttemptCounts::new);
  }

  /**
   * One request ended.
   *
   * @param operation {@code chat} or {@code embeddings}; null for requests that are no model
   *     operation (the model list, unknown paths): those are only counted
   * @param seconds the request's duration; {@code ttftSeconds} -1 unless a stream started
   */
  void request(String operation, int status, String errorType, String team, String project,
      String model, String backend, String provider, long inputTokens, long outputTokens,
      double seconds, double ttftSeconds, long costNanos) {
    Series s = series.computeIfAbsent(
        new SeriesKey(operation, status, errorType, team, project, model, backend, provider),
        Series::new);
    s.requestCount.increment();
    if (operation == null) {
      return;
    }
    requestDuration.record(seconds, s.genAi);
    if (inputTokens >= 0) {
      tokenUsage.record(inputTokens, s.inputTokens);
    }
    if (outputTokens >= 0) {
      tokenUsage.record(outputTokens, s.outputTokens);
    }
    if (errorType == null && ttftSeconds >= 0) {
      timeToFirstToken.record(ttftSeconds, s.genAi);
      if (outputTokens > 1) {
        timePerOutputToken.record((seconds - ttftSeconds) / (outputTokens - 1), s.genAi);
      }
    }
    if (costNanos > 0) {
      s.spendNanos.add(costNanos);
    }
  }

  /**
   * One backend's attempts by outcome, and the attempt that counts them (nothing traced, no
   * headers added); {@code success}, nearly every attempt, without a lookup.
   */
  static final class AttemptCounts implements RequestTelemetry.Attempt {
    private final String backend;
    private final Map<String, OutcomeCount> byOutcome = new ConcurrentHashMap<>();
    private final OutcomeCount success;

    private AttemptCounts(String backend) {
      this.backend = backend;
      this.success = byOutcome.computeIfAbsent("success", this::outcome);
    }

    @Override
    public void headers(BiConsumer<String, String> put) {}

    /** One attempt ended; {@code outcome} is one of a small fixed set. */
    @Override
    public void end(int status, String outcome, long endNanos) {
      (outcome.equals("success") ? success : byOutcome.computeIfAbsent(outcome, this::outcome))
          .count.increment();
    }

    private OutcomeCount outcome(String outcome) {
      return new OutcomeCount(Attributes.of(BACKEND, backend, OUTCOME, outcome), new LongAdder());
    }

    private record OutcomeCount(Attributes attributes, LongAdder count) {}
  }

  /**
   * A series' labels, looked up per request. equals and hashCode are written out: a record's
   * generated ones dispatch through a bootstrap-linked method handle, which showed in profiles of
   * this lookup; the fields compare most-varying first.
   */
  private record SeriesKey(String operation, int status, String errorType, String team,
      String project, String model, String backend, String provider) {
    @Override
    public boolean equals(Object other) {
      return other instanceof SeriesKey k && status == k.status && Objects.equals(model, k.model)
          && Objects.equals(team, k.team) && Objects.equals(backend, k.backend)
          && Objects.equals(project, k.project) && Objects.equals(errorType, k.errorType)
          && Objects.equals(operation, k.operation) && Objects.equals(provider, k.provider);
    }

    @Override
    public int hashCode() {
      int h = status;
      h = 31 * h + Objects.hashCode(model);
      h = 31 * h + Objects.hashCode(team);
      h = 31 * h + Objects.hashCode(backend);
      h = 31 * h + Objects.hashCode(project);
      h = 31 * h + Objects.hashCode(errorType);
      h = 31 * h + Objects.hashCode(operation);
      return 31 * h + Objects.hashCode(provider);
    }
  }

  /** The attribute sets of one series, built once, and its counts. */
  private final class Series {
    final LongAdder requestCount;
    final LongAdder spendNanos;
    final Attributes genAi;
    final Attributes inputTokens;
    final Attributes outputTokens;

    Series(SeriesKey k) {
      String team = orEmpty(k.team());
      String model = orEmpty(k.model());
      String backend = orEmpty(k.backend());
      requestCount = requestCounts.computeIfAbsent(Attributes.of(STATUS,
          Integer.toString(k.status()), BACKEND, backend, TEAM, team, MODEL, model),
          a -> new LongAdder());
      spendNanos = GenAiMetrics.this.spendNanos.computeIfAbsent(
          Attributes.of(TEAM, team, PROJECT, orEmpty(k.project()), MODEL, model),
          a -> new LongAdder());
      if (k.operation() == null) {
        genAi = inputTokens = outputTokens = null;
        return;
      }
      AttributesBuilder common = Attributes.builder()
          .put(GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME, k.operation())
          .put(GenAiIncubatingAttributes.GEN_AI_PROVIDER_NAME, orEmpty(k.provider()))
          .put(GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL, model)
          .put(MODEL, model)
          .put(TEAM, team)
          .put(BACKEND, backend);
      if (k.errorType() != null) {
        common.put(ErrorAttributes.ERROR_TYPE, k.errorType());
      }
      genAi = common.build();
      inputTokens = tokens(genAi, "input");
      outputTokens = tokens(genAi, "output");
    }

    private static Attributes tokens(Attributes common, String type) {
      return common.toBuilder()
          .put(GenAiIncubatingAttributes.GEN_AI_TOKEN_TYPE, type)
          .put(TOKEN_TYPE, type)
          .build();
    }

    private static String orEmpty(String value) {
      return value == null ? "" : value;
    }
  }
}
