package dev.sluice.authorize;

import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.api.GatewayError;
import dev.sluice.api.TokenCounter;
import dev.sluice.authenticate.Principal;
import dev.sluice.config.KeyConfig;
import dev.sluice.config.SluiceConfig;
import dev.sluice.pipeline.Decision;
import dev.sluice.pipeline.Exchange;
import dev.sluice.pipeline.Stage;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Stage 2: the model must be in the caller's access profile (403 {@code model_not_allowed}), and
 * every request and token limit of its key, project and team must have room (429
 * {@code rate_limit_exceeded} with {@code Retry-After}). Token limits reserve an estimate — the
 * counted prompt plus {@code max_tokens} or the configured default — which stage 6 settles to the
 * real count. Either every limit takes the request or none does. The tightest limit of each kind
 * is reported in OpenAI's {@code x-ratelimit-*} headers.
 */
public final class Authorize implements Stage {
  private final Map<String, KeyPolicy> policies; // concurrent: keys are added at run time
  private final SluiceConfig config;
  private final LimiterRegistry registry;
  private final long defaultOutputTokens;
  private final LongSupplier nanoClock;
  private final boolean shared;

  private Authorize(Map<String, KeyPolicy> policies, SluiceConfig config, LimiterRegistry registry,
      long defaultOutputTokens, LongSupplier nanoClock) {
    this.shared = config.store().shared();
    this.policies = policies;
    this.config = config;
    this.registry = registry;
    this.defaultOutputTokens = defaultOutputTokens;
    this.nanoClock = nanoClock;
  }

  /**
   * @param registry the live limiter state; pass the previous stage's on a reload, so that
   *     unchanged limits keep counting
   */
  public static Authorize of(SluiceConfig config, LimiterRegistry registry, LongSupplier nanoClock) {
    return new Authorize(
        new java.util.concurrent.ConcurrentHashMap<>(
            Policies.of(config.teams(), config.keys(), registry, nanoClock.getAsLong())),
        config, registry, config.estimates().outputTokens(), nanoClock);
  }

  /** True when the caller's key, project or team has a token limit. */
  @Override
  public boolean usesPromptTokens(Exchange exchange) {
    KeyPolicy policy = policies.getOrDefault(exchange.principal().keyId(), KeyPolicy.UNLIMITED);
    return !(shared ? policy.sharedTokenLimits() : policy.tokenLimits()).isEmpty();
  }

  /** Takes on a key created at run time: its profile and limits, its team's and project's. */
  public void register(KeyConfig key) {
    policies.putAll(Policies.of(config.teams(), List.of(key), registry, nanoClock.getAsLong()));
  }

  @Override
  public Decision apply(Exchange exchange) {
    Principal principal = exchange.principal();
    KeyPolicy policy = policies.getOrDefault(principal.keyId(), KeyPolicy.UNLIMITED);
    exchange.modelFilter(policy.profile());
    if (exchange.endpoint() == Endpoint.MODELS) {
      return Decision.PROCEED; // listing models is neither a model use nor a request to limit
    }
    ClientRequest request = exchange.request();
    if (!policy.profile().allows(request.model())) {
      return Decision.answer(new GatewayError.ModelNotAllowed(request.model()));
    }
    if (shared) {
      claim(exchange, policy);
      return Decision.PROCEED;
    }
    long now = nanoClock.getAsLong();
    GatewayError refused = take(policy.requestLimits(), 1, now);
    if (refused == null && !policy.tokenLimits().isEmpty()) {
      long estimate = estimateTokens(exchange);
      refused = take(policy.tokenLimits(), estimate, now);
      if (refused == null) {
        exchange.reserved(new TokenReservation(policy.tokenLimits(), estimate, nanoClock));
      } else {
        giveBack(policy.requestLimits(), 1, policy.requestLimits().size(), now);
      }
    }
    RateLimitHeaders.write(exchange.channel(), policy, now); // on refusals too
    return refused == null ? Decision.PROCEED : Decision.answer(refused);
  }

  /**
   * With the shared store the limits are claimed, not taken: the admission step takes them with
   * the budgets, in one round trip, and writes the headers.
   */
  private void claim(Exchange exchange, KeyPolicy policy) {
    for (SharedLimit limit : policy.sharedRequestLimits()) {
      exchange.claim(limit, 1);
    }
    if (!policy.sharedTokenLimits().isEmpty()) {
      long estimate = estimateTokens(exchange);
      for (SharedLimit limit : policy.sharedTokenLimits()) {
        exchange.claim(limit, estimate);
      }
    }
  }

  /** Takes {@code units} from every limit, or from none: the first refusal gives back the rest. */
  private static GatewayError take(List<Limit> limits, long units, long now) {
    for (int i = 0; i < limits.size(); i++) {
      Limit limit = limits.get(i);
      long wait = limit.state().tryTake(units, now);
      if (wait > 0) {
        giveBack(limits, units, i, now);
        return refusal(limit, units, wait);
      }
    }
    return null;
  }

  private static void giveBack(List<Limit> limits, long units, int count, long now) {
    for (int i = 0; i < count; i++) {
      limits.get(i).state().adjust(-units, now);
    }
  }

  static GatewayError refusal(Limit limit, long units, long waitNanos) {
    if (waitNanos == Long.MAX_VALUE) {
      return new GatewayError.RateLimited("Request too large for " + limit.describe()
          + ": it needs " + units + " " + limit.unit().word + ".", limit.per().toSeconds());
    }
    long seconds = Math.max(1, (waitNanos + 999_999_999) / 1_000_000_000);
    return new GatewayError.RateLimited("Rate limit reached for " + limit.describe()
        + ". Try again in " + Durations.formatNanos(waitNanos) + ".", seconds);
  }

  /** The prompt, counted once per request (routing may reuse it), plus the output allowance. */
  private long estimateTokens(Exchange exchange) {
    ClientRequest request = exchange.request();
    if (exchange.promptTokenEstimate() < 0) {
      exchange.promptTokenEstimate(TokenCounter.estimatePrompt(request));
    }
    return exchange.promptTokenEstimate() + request.outputAllowance(defaultOutputTokens);
  }
}
