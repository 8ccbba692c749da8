package dev.sluice.observe;

import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.authenticate.Principal;
import dev.sluice.pipeline.Exchange;
import dev.sluice.pipeline.RequestTelemetry;
import dev.sluice.provider.TokenUsage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One request's SERVER span, named {@code chat {model}}, {@code embeddings {model}} or
 * {@code messages {model}}, continuing the caller's W3C trace; and a CLIENT child span per
 * upstream attempt, whose context goes upstream in {@code traceparent}. The span starts when the
 * request arrives and ends when its last byte is written; the attributes (SPEC §5) are set then.
 */
final class RequestSpan implements RequestTelemetry {
  static final AttributeKey<Boolean> REQUEST_STREAM = AttributeKey.booleanKey("gen_ai.request.stream");
  static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
  static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
  static final AttributeKey<String> TEAM = AttributeKey.stringKey("sluice.team");
  static final AttributeKey<String> PROJECT = AttributeKey.stringKey("sluice.project");
  static final AttributeKey<String> KEY_ID = AttributeKey.stringKey("sluice.key_id");
  static final AttributeKey<String> BACKEND = AttributeKey.stringKey("sluice.backend");
  static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("sluice.attempts");
  static final AttributeKey<Double> COST_USD = AttributeKey.doubleKey("sluice.cost_usd");
  static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("sluice.request_id");

  private final Tracer tracer;
  private final Span span;
  private final Context context;
  private final String operation;
  private final Map<String, String> providers;
  private final AttemptAttributes attemptAttributes;
  private final SpanNames names;
  private final RequestTelemetry counting;
  private final boolean captureContent; // on and this span recorded
  private String outputMessages; // a whole answer's, when captured
  private ContentCapture.StreamedAnswer streamedAnswer; // a stream's, when captured

  private RequestSpan(Tracer tracer, Span span, String operation, Map<String, String> providers,
      AttemptAttributes attemptAttributes, SpanNames names, RequestTelemetry counting,
      boolean captureContent) {
    this.tracer = tracer;
    this.span = span;
    this.context = Context.root().with(span);
    this.operation = operation;
    this.providers = providers;
    this.attemptAttributes = attemptAttributes;
    this.names = names;
    this.counting = counting;
    this.captureContent = captureContent && span.isRecording();
  }

  static RequestSpan start(Tracer tracer, Exchange exchange, Map<String, String> providers,
      AttemptAttributes attemptAttributes, SpanNames names, RequestTelemetry counting,
      boolean captureContent) {
    Endpoint endpoint = exchange.endpoint();
    Span span = tracer.spanBuilder(endpoint.logName()) // named with the model once it is known
        .setParent(TraceHeaders.extract(exchange.headers()))
        .setSpanKind(SpanKind.SERVER)
        .startSpan();
    return new RequestSpan(tracer, span, operation(endpoint), providers, attemptAttributes,
        names, counting, captureContent);
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
      int resendCount) {
    Attempt counted = counting.attempt(backend, upstreamModel, host, port, resendCount);
    if (!span.isRecording()) { // not sampled: pass on the caller's decision, record nothing
      return new Traced(span, counted);
    }
    // The backend's constant attributes come pre-built; only the model and the retry number vary.
    SpanBuilder child = tracer.spanBuilder(names.of(operation, upstreamModel))
        .setParent(context)
        .setSpanKind(SpanKind.CLIENT)
        .setAllAttributes(attemptAttributes.of(operation, backend, host, port))
        .setAttribute(GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL, upstreamModel);
    if (resendCount > 0) {
      child.setAttribute(HttpAttributes.HTTP_REQUEST_RESEND_COUNT, (long) resendCount);
    }
    return new Traced(child.startSpan(), counted);
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

  /** The request ended: names the span, sets its attributes and ends it. */
  void end(Exchange exchange, long costNanos, boolean priced) {
    if (!span.isRecording()) {
      span.end();
      return;
    }
    ClientRequest request = exchange.request();
    String model = request == null ? null : request.model();
    if (model != null) {
      span.updateName(names.of(exchange.endpoint().logName(), model));
      span.setAttribute(GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL, model);
    }
    span.setAttribute(GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME, operation);
    span.setAttribute(REQUEST_ID, exchange.requestId());
    if (request != null) {
      span.setAttribute(REQUEST_STREAM, request.stream());
      if (request.maxOutputTokens() > 0) {
        span.setAttribute(GenAiIncubatingAttributes.GEN_AI_REQUEST_MAX_TOKENS, request.maxOutputTokens());
      }
      if (captureContent) {
        setIfPresent(INPUT_MESSAGES, ContentCapture.inputMessages(request));
        setIfPresent(OUTPUT_MESSAGES, streamedAnswer != null ? streamedAnswer.outputMessages()
            : outputMessages);
      }
    }
    Principal principal = exchange.principal();
    if (principal != null) {
      setIfPresent(KEY_ID, principal.keyId());
      setIfPresent(TEAM, principal.team());
      setIfPresent(PROJECT, principal.project());
    }
    String backend = exchange.backend();
    if (backend != null) {
      span.setAttribute(BACKEND, backend);
      setIfPresent(GenAiIncubatingAttributes.GEN_AI_PROVIDER_NAME, providers.get(backend));
      setIfPresent(GenAiIncubatingAttributes.GEN_AI_RESPONSE_MODEL, exchange.upstreamModel());
    }
    span.setAttribute(ATTEMPTS, (long) exchange.attempts());
    TokenUsage usage = exchange.usage();
    if (usage != null) {
      span.setAttribute(GenAiIncubatingAttributes.GEN_AI_USAGE_INPUT_TOKENS, usage.inputTokens());
      span.setAttribute(GenAiIncubatingAttributes.GEN_AI_USAGE_OUTPUT_TOKENS, usage.outputTokens());
    }
    if (priced) {
      span.setAttribute(COST_USD, costNanos / 1e9);
    }
    span.setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) exchange.status());
    if (exchange.errorCode() != null) {
      span.setAttribute(ErrorAttributes.ERROR_TYPE, exchange.errorCode());
      // A 4xx is the caller's mistake, not the server's (the semantic conventions for SERVER
      // spans); a 5xx, or a stream that began 200 and ended with an error event, is a failure.
      if (exchange.status() < 400 || exchange.status() >= 500) {
        span.setStatus(StatusCode.ERROR);
      }
    }
    span.end();
  }

  private void setIfPresent(AttributeKey<String> key, String value) {
    if (value != null) {
      span.setAttribute(key, value);
    }
  }

  /** One attempt's CLIENT span (or the unsampled parent's context), and its counter. */
  private record Traced(Span span, Attempt counted) implements Attempt {
    @Override
    public void headers(BiConsumer<String, String> put) {
      TraceHeaders.inject(Context.root().with(span), put);
    }

    @Override
    public void end(int status, String outcome) {
      counted.end(status, outcome);
      if (!span.isRecording()) {
        return;
      }
      if (status > 0) {
        span.setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
      }
      if (!outcome.equals("success")) {
        span.setAttribute(ErrorAttributes.ERROR_TYPE, outcome);
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
    }
  }
}
