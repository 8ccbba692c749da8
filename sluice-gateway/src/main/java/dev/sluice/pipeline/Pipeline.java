package dev.sluice.pipeline;

import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.api.GatewayError;
import dev.sluice.api.RequestParser;
import dev.sluice.api.anthropic.AnthropicHeadline;
import dev.sluice.api.anthropic.AnthropicRequestException;
import dev.sluice.api.anthropic.AnthropicRequests;

/**
 * The six stages in order, in one place. Immutable: a configuration reload builds a new pipeline,
 * and a request in flight finishes on the one it started with.
 */
public final class Pipeline {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Pipeline.class);

  private final Stage authenticate;
  private final Stage authorize;
  private final Stage budget;
  private final Stage admit;
  private final Stage route;
  private final Terminal models;
  private final Terminal upstream;
  private final Observer observe;
  private Pipeline(Stage authenticate, Stage authorize, Stage budget, Stage admit, Stage route,
      Terminal models, Terminal upstream, Observer observe) {
    this.authenticate = authenticate;
    this.authorize = authorize;
    this.budget = budget;
    this.admit = admit;
    this.route = route;
    this.models = models;
    this.upstream = upstream;
    this.observe = observe;
  }

  /**
   * The standard flow: 1 authenticate, 2 authorize, 3 budget, 4 route, 5 upstream, 6 observe;
   * {@code models} answers {@code GET /v1/models} in place of the rest, after authorization has
   * set what the caller may see.
   */
  public static Pipeline standard(Stage authenticate, Stage authorize, Stage budget, Stage route,
      Terminal models, Terminal upstream, Observer observe) {
    return standard(authenticate, authorize, budget, SharedAdmission.none(), route, models,
        upstream, observe);
  }

  /**
   * The standard flow with shared counters: what stages 2 and 3 claimed is taken by
   * {@code admit} (one round trip to the shared store) before stage 4.
   */
  public static Pipeline standard(Stage authenticate, Stage authorize, Stage budget, Stage admit,
      Stage route, Terminal models, Terminal upstream, Observer observe) {
    return new Pipeline(authenticate, authorize, budget, admit, route, models, upstream, observe);
  }

  /**
   * Attaches stage 6 to the exchange. Called first, before the body is read, so that a request
   * rejected anywhere (even for its size) is observed exactly once.
   */
  public void begin(Exchange exchange) {
    observe.begin(exchange);
    exchange.onComplete(observe);
  }

  /**
   * Runs stages 1-5 for a request whose body has been read. A defect anywhere in them still
   * answers the client (500) and completes the exchange, so the request is logged and its
   * reservations settled instead of hanging until the client gives up.
   */
  public void handle(Exchange exchange, byte[] body) {
    guarded(exchange, () -> runStages(exchange, body));
  }

  private static void guarded(Exchange exchange, Runnable stages) {
    try {
      stages.run();
    } catch (RuntimeException defect) {
      LOG.error("request {}: unexpected failure in the pipeline", exchange.requestId(), defect);
      if (!exchange.channel().committed()) {
        exchange.channel().fail(new GatewayError.Internal("Sluice failed to handle the request."));
      }
    }
  }

  private void runStages(Exchange exchange, byte[] body) {
    if (!proceeds(authenticate, exchange)) {
      return;
    }
    if (exchange.endpoint() == Endpoint.MODELS) {
      exchange.request(ClientRequest.bodiless(Endpoint.MODELS));
      if (proceeds(authorize, exchange)) {
        models.answer(exchange);
      }
      return;
    }
    // Parsed after authentication: an anonymous caller learns nothing about the API surface.
    try {
      exchange.request(parse(exchange, body));
    } catch (RequestParser.InvalidRequestException e) {
      exchange.channel().fail(e.error());
      return;
    } catch (AnthropicRequestException e) {
      exchange.channel().fail(e.error());
      return;
    }
    if (!proceeds(authorize, exchange) || !proceeds(budget, exchange)) {
      return;
    }
    admitThenRoute(exchange);
  }

  /**
   * The shared-counter step may decide later (a store round trip): the request resumes on its
   * event loop, unless it ended meanwhile (the client left).
   */
  private void admitThenRoute(Exchange exchange) {
    Decision admitted = admit.apply(exchange);
    if (admitted instanceof Decision.Later later) {
      later.pending().whenDecided(decision -> guarded(exchange, () -> {
        if (exchange.completed()) {
          return;
        }
        if (decision instanceof Decision.Answer answer) {
          exchange.channel().fail(answer.error());
        } else {
          routeThenUpstream(exchange);
        }
      }));
      return;
    }
    if (admitted instanceof Decision.Answer answer) {
      exchange.channel().fail(answer.error());
      return;
    }
    routeThenUpstream(exchange);
  }

  private void routeThenUpstream(Exchange exchange) {
    if (proceeds(route, exchange)) {
      upstream.answer(exchange);
    }
  }

  /**
   * The request in the pipeline's schema (OpenAI's). An Anthropic Messages request is translated
   * once, here; the answer is translated back on its way out (by the server's channel).
   */
  private ClientRequest parse(Exchange exchange, byte[] body)
      throws RequestParser.InvalidRequestException, AnthropicRequestException {
    Endpoint endpoint = exchange.endpoint();
    if (endpoint != Endpoint.MESSAGES) {
      return parseOpenAi(exchange, endpoint, body);
    }
    try {
      return parseOpenAi(exchange, Endpoint.CHAT, AnthropicRequests.toOpenAi(body)).fromAnthropic(body);
    } catch (AnthropicRequestException e) {
      // No OpenAI form (thinking, top_k, server tools...): an Anthropic backend can still take it
      // as it is, so route it; any other target refuses it with this error, naming the field.
      ClientRequest untranslated = AnthropicHeadline.untranslated(body, e.error());
      if (untranslated == null) {
        throw e;
      }
      return untranslated;
    }
  }

  private ClientRequest parseOpenAi(Exchange exchange, Endpoint endpoint, byte[] body)
      throws RequestParser.InvalidRequestException {
    if (!usesPromptTokens(exchange)) {
      return RequestParser.parse(endpoint, body);
    }
    RequestParser.Estimated parsed = RequestParser.parseEstimating(endpoint, body);
    exchange.promptTokenEstimate(parsed.promptTokens());
    return parsed.request();
  }

  /**
   * Whether a later stage will read this caller's prompt-token estimate: if so it is counted
   * while the body is parsed, one pass instead of two (each stage knows its own limits, budgets
   * and routes, including those of keys created at run time).
   */
  private boolean usesPromptTokens(Exchange exchange) {
    return authorize.usesPromptTokens(exchange) || budget.usesPromptTokens(exchange)
        || route.usesPromptTokens(exchange);
  }

  private static boolean proceeds(Stage stage, Exchange exchange) {
    if (stage.apply(exchange) instanceof Decision.Answer answer) {
      exchange.channel().fail(answer.error());
      return false;
    }
    return true;
  }
}
