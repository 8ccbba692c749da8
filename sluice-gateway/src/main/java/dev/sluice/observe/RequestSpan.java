package dev.sluice.observe;

import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.authenticate.Principal;
import dev.sluice.observe.spans.EpochClock;
import dev.sluice.observe.spans.FinishedSpan;
import dev.sluice.observe.spans.SpanAttributes;
import dev.sluice.observe.spans.SpanKey;
import dev.sluice.observe.spans.SpanSink;
import dev.sluice.observe.spans.TraceContext;
import dev.sluice.pipeline.Exchange;
import dev.sluice.pipeline.RequestTelemetry;
import dev.sluice.provider.TokenUsage;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One sampled request's SERVER span, named {@code chat {model}}, {@code embeddings {model}} or
 * {@code messages {model}}, continuing the caller's W3C trace; and a CLIENT child span per
 * upstream attempt, whose context goes upstream in {@code traceparent}. The span starts when the
 * request arrives and ends when its last byte is written; the attributes (SPEC §5) are set then,
 * in plain fields, and the finished span goes to the {@link SpanSink} (see
 * docs/design/telemetry.md for why this is not the SDK's span).
 */
final class RequestSpan implements RequestTelemetry {
  static final SpanKey OPERATION_NAME = SpanKey.ofFewValues("gen_ai.operation.name");
  static final SpanKey PROVIDER_NAME = SpanKey.ofFewValues("gen_ai.provider.name");
  static final SpanKey REQUEST_MODEL = SpanKey.ofFewValues("gen_ai.request.model");
  static final SpanKey RESPONSE_MODEL = SpanKey.ofFewValues("gen_ai.response.model");
  static final SpanKey REQUEST_MAX_TOKENS = SpanKey.of("gen_ai.request.max_tokens");
  static final SpanKey REQUEST_STREAM = SpanKey.of("gen_ai.request.stream");
  static final SpanKey INPUT_TOKENS = SpanKey.of("gen_ai.usage.input_tokens");
  static final SpanKey OUTPUT_TOKENS = SpanKey.of("gen_ai.usage.output_tokens");
  static final SpanKey INPUT_MESSAGES = SpanKey.of("gen_ai.input.messages");
  static final SpanKey OUTPUT_MESSAGES = SpanKey.of("gen_ai.output.messages");
  static final SpanKey SERVER_ADDRESS = SpanKey.ofFewValues("server.address");
  static final SpanKey SERVER_PORT = SpanKey.of("server.port");
  static final SpanKey RESPONSE_STATUS_CODE = SpanKey.of("http.response.status_code");
  static final SpanKey RESEND_COUNT = SpanKey.of("http.request.resend_count");
  static final SpanKey ERROR_TYPE = SpanKey.ofFewValues("error.type");
  static final SpanKey TEAM = SpanKey.ofFewValues("sluice.team");
  static final SpanKey PROJECT = SpanKey.ofFewValues("sluice.project");
  static final SpanKey KEY_ID = SpanKey.ofFewValues("sluice.key_id");
  static final SpanKey BACKEND = SpanKey.ofFewValues("sluice.backend");
  static final SpanKey ATTEMPTS = SpanKey.of("sluice.attempts");
  static final SpanKey COST_USD = SpanKey.of("sluice.cost_usd");
  static final SpanKey REQUEST_ID = SpanKey.of("sluice.request_id");
  private static final int SERVER_ATTRIBUTES = 20; // room for all of the above, without growing

  private final SpanSink sink;
  private final TraceContext context; // this span's
  private final long parentSpanId; // the caller's span, 0 for a new trace
  private final long startEpochNanos;
  // System.nanoTime() when the request arrived (the exchange's): later times are offsets from it
  private final long startNanos;
  private final String operation;
  private final Map<String, String> providers;
  private final AttemptAttributes attemptAttributes;
  private final SpanNames names;
  private final RequestTelemetry counting;
  private final boolean captureContent;
  private String outputMessages; // a whole answer's, when captured
  private ContentCapture.StreamedAnswer streamedAnswer; // a stream's, when captured

  private RequestSpan(SpanSink sink, TraceContext context, long parentSpanId, String operation,
      Map<String, String> providers, AttemptAttributes attemptAttributes, SpanNames names,
      RequestTelemetry counting, boolean captureContent, long startNanos) {
    this.startNanos = startNanos; // durations come from nanoTime
    this.startEpochNanos = EpochClock.epochNanos(startNanos);
    this.sink = sink;
    this.context = context;
    this.parentSpanId = parentSpanId;
    this.operation = operation;
    this.providers = providers;
    this.attemptAttributes = attemptAttributes;
    this.names = names;
    this.counting = counting;
    this.captureContent = captureContent;
  }

  /**
   * A span for a sampled request: the caller's trace continued when {@code parent} is its
   * context, else the new trace {@code root}.
   */
  static RequestSpan start(SpanSink sink, TraceContext parent, TraceContext root,
      Endpoint endpoint, long startNanos, Map<String, String> providers,
      AttemptAttributes attemptAttributes, SpanNames names, RequestTelemetry counting,
      boolean captureContent) {
    TraceContext context = parent != null ? parent.child() : root;
    return new RequestSpan(sink, context, parent != null ? parent.spanId() : 0,
        operation(endpoint), providers, attemptAttributes, names, counting, captureContent,
        startNanos);
  }

  /** {@code gen_ai.operation.name}: an Anthropic Messages call is a chat. */
  static String operation(Endpoint endpoint) {
    return switch (endpoint) {
      case CHAT, MESSAGES -> "chat";
      case EMBEDDINGS -> "embeddings";
      case MODELS, OTHER -> null;
    };
  }

  @Override
  public Attempt attempt(String backend, String upstreamModel, String host, int port,
      int resendCount, long startNanos) {
    Attempt counted = counting.attempt(backend, upstreamModel, host, port, resendCount,
        startNanos);
    // The backend's constant attributes come pre-built; only the model and the retry number vary.
    SpanAttributes attributes = new SpanAttributes(8)
        .putAll(attemptAttributes.of(operation, backend, host, port))
        .put(REQUEST_MODEL, upstreamModel);
    if (resendCount > 0) {
      attributes.put(RESEND_COUNT, (long) resendCount);
    }
    return new AttemptSpan(context.child(), names.of(operation, upstreamModel), startNanos,
        attributes, counted);
  }

  @Override
  public void answered(byte[] body) {
    if (captureContent) {
      outputMessages = ContentCapture.outputMessages(body);
    }
  }

  @Override
  public void streamed(byte[] events) {
    if (captureContent) {
      if (streamedAnswer == null) {
        streamedAnswer = new ContentCapture.StreamedAnswer();
      }
      streamedAnswer.add(events);
    }
  }

  /** The request ended: names the span, gives it its attributes and hands it to the sink. */
  void end(Exchange exchange, long endNanos, long costNanos, boolean priced) {
    SpanAttributes attributes = new SpanAttributes(SERVER_ATTRIBUTES);
    ClientRequest request = exchange.request();
    String model = request == null ? null : request.model();
    String name = model == null ? exchange.endpoint().logName()
        : names.of(exchange.endpoint().logName(), model);
    attributes.put(REQUEST_MODEL, model)
        .put(OPERATION_NAME, operation)
        .put(REQUEST_ID, exchange.requestId());
    if (request != null) {
      attributes.put(REQUEST_STREAM, request.stream());
      if (request.maxOutputTokens() > 0) {
        attributes.put(REQUEST_MAX_TOKENS, (long) request.maxOutputTokens());
      }
      if (captureContent) {
        attributes.put(INPUT_MESSAGES, ContentCapture.inputMessages(request))
            .put(OUTPUT_MESSAGES, streamedAnswer != null ? streamedAnswer.outputMessages()
                : outputMessages);
      }
    }
    Principal principal = exchange.principal();
    if (principal != null) {
      attributes.put(KEY_ID, principal.keyId())
          .put(TEAM, principal.team())
          .put(PROJECT, principal.project());
    }
    String backend = exchange.backend();
    if (backend != null) {
      attributes.put(BACKEND, backend)
          .put(PROVIDER_NAME, providers.get(backend))
          .put(RESPONSE_MODEL, exchange.upstreamModel());
    }
    attributes.put(ATTEMPTS, (long) exchange.attempts());
    TokenUsage usage = exchange.usage();
    if (usage != null) {
      attributes.put(INPUT_TOKENS, (long) usage.inputTokens())
          .put(OUTPUT_TOKENS, (long) usage.outputTokens());
    }
    if (priced) {
      attributes.put(COST_USD, costNanos / 1e9);
    }
    attributes.put(RESPONSE_STATUS_CODE, (long) exchange.status());
    boolean error = false;
    if (exchange.errorCode() != null) {
      attributes.put(ERROR_TYPE, exchange.errorCode());
      // A 4xx is the caller's mistake, not the server's (the semantic conventions for SERVER
      // spans); a 5xx, or a stream that began 200 and ended with an error event, is a failure.
      error = exchange.status() < 400 || exchange.status() >= 500;
    }
    sink.export(new FinishedSpan(context, parentSpanId, parentSpanId != 0, name,
        FinishedSpan.Kind.SERVER, startEpochNanos, epochNanos(endNanos), attributes, error));
  }

  private long epochNanos(long nanoTime) {
    return startEpochNanos + (nanoTime - startNanos);
  }

  /** One attempt's CLIENT span and its counter. */
  private final class AttemptSpan implements Attempt {
    private final TraceContext attempt;
    private final String name;
    private final long attemptStartNanos;
    private final SpanAttributes attributes;
    private final Attempt counted;

    AttemptSpan(TraceContext attempt, String name, long attemptStartNanos,
        SpanAttributes attributes, Attempt counted) {
      this.attempt = attempt;
      this.name = name;
      this.attemptStartNanos = attemptStartNanos;
      this.attributes = attributes;
      this.counted = counted;
    }

    @Override
    public void headers(BiConsumer<String, String> put) {
      put.accept(TraceHeaders.TRACEPARENT, attempt.traceparent());
      if (attempt.traceState() != null) {
        put.accept(TraceHeaders.TRACESTATE, attempt.traceState());
      }
    }

    @Override
    public void end(int status, String outcome, long endNanos) {
      counted.end(status, outcome, endNanos);
      if (status > 0) {
        attributes.put(RESPONSE_STATUS_CODE, (long) status);
      }
      boolean failed = !outcome.equals("success");
      if (failed) {
        attributes.put(ERROR_TYPE, outcome);
      }
      sink.export(new FinishedSpan(attempt, context.spanId(), false, name,
          FinishedSpan.Kind.CLIENT, epochNanos(attemptStartNanos), epochNanos(endNanos),
          attributes, failed));
    }
  }
}
