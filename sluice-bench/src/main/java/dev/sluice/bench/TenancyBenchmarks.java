package dev.sluice.bench;

import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.api.RequestParser;
import dev.sluice.authenticate.Principal;
import dev.sluice.authorize.Authorize;
import dev.sluice.authorize.LimiterRegistry;
import dev.sluice.budget.BudgetGuard;
import dev.sluice.budget.BudgetRegistry;
import dev.sluice.budget.PriceTable;
import dev.sluice.budget.SpendHistory;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.SluiceConfig;
import dev.sluice.pipeline.Decision;
import dev.sluice.pipeline.Exchange;
import dev.sluice.provider.TokenUsage;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Stages 2 and 3 for one request of the bench harness's body, with a request and a token limit
 * on each of key, project and team, and a budget on each: admission plus settlement. The
 * limits are set far above what a run takes, so every call is admitted (the common path).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class TenancyBenchmarks {
  private Authorize authorize;
  private BudgetGuard budget;
  private ClientRequest request;
  private long promptTokens;

  @Setup
  public void setUp() throws Exception {
    SluiceConfig config = ConfigLoader.parse(Fixtures.TENANCY_CONFIG, Map.of()).config();
    authorize = Authorize.of(config, new LimiterRegistry(), System::nanoTime);
    budget = BudgetGuard.of(config, PriceTable.of(Map.of()), new BudgetRegistry(SpendHistory.NONE),
        InstantSource.system());
    request = RequestParser.parse(Endpoint.CHAT, Fixtures.CHAT_REQUEST);
    promptTokens = dev.sluice.api.TokenCounter.estimatePrompt(request);
  }

  private Exchange exchange(boolean promptCounted) {
    Exchange exchange = Fixtures.exchange(name -> null);
    exchange.principal(new Principal("k", "o", "t", "p"));
    exchange.request(request);
    if (promptCounted) {
      exchange.promptTokenEstimate(promptTokens);
    }
    return exchange;
  }

  /** Stage 2 with its share of stage 6 (settlement), counting the prompt itself. */
  @Benchmark
  public Decision authorize() {
    Exchange exchange = exchange(false);
    Decision decision = authorize.apply(exchange);
    exchange.usage(TokenUsage.of(200, 20));
    exchange.reservations().forEach(r -> r.settle(exchange));
    return decision;
  }

  /** Stage 3 with its settlement, the prompt already counted by stage 2 (as in the pipeline). */
  @Benchmark
  public Decision budget() {
    Exchange exchange = exchange(true);
    Decision decision = budget.apply(exchange);
    exchange.attemptStarted("b", "gpt-4o-mini");
    exchange.usage(TokenUsage.of(200, 20));
    exchange.reservations().forEach(r -> r.settle(exchange));
    return decision;
  }

  /** The prompt count both stages need (cl100k over the 972 B body), once per request. */
  @Benchmark
  public long countPrompt() {
    return dev.sluice.api.TokenCounter.estimatePrompt(request);
  }

  /** The request parse alone, as when nothing in the config uses the prompt's tokens. */
  @Benchmark
  public ClientRequest parse() throws Exception {
    return RequestParser.parse(Endpoint.CHAT, Fixtures.CHAT_REQUEST);
  }

  /** The parse that also counts the prompt: what parse() + countPrompt() cost in one pass. */
  @Benchmark
  public RequestParser.Estimated parseCountingPrompt() throws Exception {
    return RequestParser.parseEstimating(Endpoint.CHAT, Fixtures.CHAT_REQUEST);
  }
}
