package dev.sluice.upstream;

import dev.sluice.config.BackendConfig.CircuitBreakerConfig;
import dev.sluice.config.RetryConfig;
import dev.sluice.route.RetryBudget;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What resilience adds to each upstream attempt on the common path (a closed circuit, room
 * under maxConcurrent, a request counted in its route's retry budget): permission and a
 * success recorded in the breaker's time window, the in-flight slot taken and given back.
 * In package {@code dev.sluice.upstream} to reach the package-private attempt hooks.
 * Run: {@code java -jar sluice-bench/target/benchmarks.jar ResilienceBenchmarks}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ResilienceBenchmarks {
  final BackendCircuit breaker = new BackendCircuit("b",
      new CircuitBreakerConfig(null, null, null, null, null, null), Clock.systemUTC());
  final BackendCircuit noBreaker = new BackendCircuit("b", null, Clock.systemUTC());
  final BackendStats stats = new BackendStats();
  final RetryBudget budget = RetryBudget.of(RetryConfig.Budget.defaults());

  /** One attempt's admission and outcome with a configured breaker. */
  @Benchmark
  public boolean attemptWithBreaker() {
    return attempt(breaker);
  }

  /** The same on both event loops at once (the breaker and counters are shared). */
  @Benchmark
  @Threads(2)
  public boolean attemptWithBreakerTwoLoops() {
    return attemptWithBreaker();
  }

  /** A backend without a breaker: only the in-flight slot. */
  @Benchmark
  public boolean attemptWithoutBreaker() {
    return attempt(noBreaker);
  }

  /** What Attempts does around a successful attempt: admission, then the outcome recorded. */
  private boolean attempt(BackendCircuit circuit) {
    boolean admitted = circuit.tryAcquire() && stats.tryStart(1024);
    circuit.succeeded(1_000_000);
    stats.finished(BackendStats.Outcome.SUCCESS, 1_000_000);
    return admitted;
  }

  /** A request counted in its route's retry budget. */
  @Benchmark
  public void retryBudgetRequest() {
    budget.requested(1_000_000_000_000L);
  }
}
