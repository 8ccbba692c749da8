package dev.sluice.upstream;

import dev.sluice.config.BackendConfig.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether one backend may be tried now, shared by every event loop. The state machine (closed,
 * open for {@code openFor}, half-open with a few probes, and the failure rate over a time window
 * once it holds {@code minRequests}) is Resilience4j's; the consecutive-failure trip, which it
 * does not have, is a counter here that forces the breaker open.
 *
 * <p>What counts: an attempt that ended in a 5xx, a 429, a timeout, a connect failure or an
 * unusable answer is a failure; one the backend answered (a 2xx, or a 4xx other than 429: the
 * client's own mistake) is a success; one that never reached a verdict (the client left, the
 * request could not be translated) is neither and gives its permission back.
 *
 * <p>A backend without a {@code circuitBreaker} section has an always-closed circuit.
 */
public final class BackendCircuit {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BackendCircuit.class);

  /** A {@code circuitBreaker: {}} section takes these for the fields it leaves out (SPEC §4). */
  static final int DEFAULT_CONSECUTIVE_FAILURES = 5;
  static final double DEFAULT_FAILURE_RATE = 0.5;
  static final int DEFAULT_MIN_REQUESTS = 20;
  static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);
  static final Duration DEFAULT_OPEN_FOR = Duration.ofSeconds(30);
  static final int DEFAULT_HALF_OPEN_PROBES = 2;

  /** The failure passed to Resilience4j; only its count matters, so one instance serves all. */
  private static final Throwable FAILED = new Throwable("backend attempt failed", null, false, false) {};

  /** The states an operator sees, with the numbers of the {@code sluice_circuit_state} gauge. */
  public enum State {
    CLOSED(0), OPEN(1), HALF_OPEN(2);

    private final int code;

    State(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  private final String backend;
  private final CircuitBreakerConfig config; // null: never opens
  private final CircuitBreaker breaker;
  private final int consecutiveLimit;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final AtomicLong opened = new AtomicLong();

  public BackendCircuit(String backend, CircuitBreakerConfig config, Clock clock) {
    this.backend = backend;
    this.config = config;
    if (config == null) {
      this.breaker = null;
      this.consecutiveLimit = Integer.MAX_VALUE;
      return;
    }
    this.consecutiveLimit = orDefault(config.consecutiveFailures(), DEFAULT_CONSECUTIVE_FAILURES);
    Duration window = config.window() == null ? DEFAULT_WINDOW : config.window();
    double rate = config.failureRate() == null ? DEFAULT_FAILURE_RATE : config.failureRate().ratio();
    this.breaker = CircuitBreaker.of(backend,
        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
            .clock(clock)
            .slidingWindow((int) Math.max(1, window.toSeconds()),
                orDefault(config.minRequests(), DEFAULT_MIN_REQUESTS), SlidingWindowType.TIME_BASED)
            .failureRateThreshold((float) (rate * 100))
            .waitDurationInOpenState(config.openFor() == null ? DEFAULT_OPEN_FOR : config.openFor())
            .permittedNumberOfCallsInHalfOpenState(
                orDefault(config.halfOpenProbes(), DEFAULT_HALF_OPEN_PROBES))
            // Model calls are slow by nature (a long stream takes minutes): slowness never opens.
            .slowCallRateThreshold(100)
            .slowCallDurationThreshold(Duration.ofDays(3650))
            .build());
    breaker.getEventPublisher().onStateTransition(event -> {
      CircuitBreaker.State to = event.getStateTransition().getToState();
      consecutiveFailures.set(0);
      if (to == CircuitBreaker.State.OPEN) {
        opened.incrementAndGet();
      }
      LOG.warn("backend '{}': circuit {} -> {}", backend,
          stateOf(event.getStateTransition().getFromState()).wireName(), stateOf(to).wireName());
    });
  }

  /**
   * The circuit for {@code backend} after a (re)load: the running one while its settings stay
   * the same, so a reload keeps an open circuit open; else a new, closed one.
   */
  public static BackendCircuit keepOrCreate(BackendCircuit running, String backend,
      CircuitBreakerConfig config, Clock clock) {
    return running != null && java.util.Objects.equals(running.config, config)
        ? running : new BackendCircuit(backend, config, clock);
  }

  /** The backend's name. */
  public String backend() {
    return backend;
  }

  /**
   * Asks to send one attempt. False while the circuit is open, or half-open with every probe
   * already out; true takes a permission that {@link #succeeded}, {@link #failed} or
   * {@link #released} must give back.
   */
  boolean tryAcquire() {
    return breaker == null || breaker.tryAcquirePermission();
  }

  void succeeded(long nanos) {
    if (breaker != null) {
      consecutiveFailures.set(0);
      breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
    }
  }

  void failed(long nanos) {
    if (breaker == null) {
      return;
    }
    breaker.onError(nanos, TimeUnit.NANOSECONDS, FAILED);
    if (consecutiveFailures.incrementAndGet() >= consecutiveLimit
        && breaker.getState() == CircuitBreaker.State.CLOSED) {
      try {
        breaker.transitionToOpenState();
      } catch (RuntimeException raced) {
        // Another event loop's failure opened it first: the outcome is the same.
      }
    }
  }

  /** The attempt ended without a verdict on the backend (the client left, say). */
  void released() {
    if (breaker != null) {
      breaker.releasePermission();
    }
  }

  public State state() {
    return breaker == null ? State.CLOSED : stateOf(breaker.getState());
  }

  /** How many times the circuit has opened since it was created. */
  public long timesOpened() {
    return opened.get();
  }

  /** The failure rate over the window, 0..1; -1 until the window holds {@code minRequests}. */
  public double failureRate() {
    if (breaker == null) {
      return -1;
    }
    float rate = breaker.getMetrics().getFailureRate();
    return rate < 0 ? -1 : rate / 100.0;
  }

  private static State stateOf(CircuitBreaker.State state) {
    return switch (state) {
      case OPEN, FORCED_OPEN -> State.OPEN;
      case HALF_OPEN -> State.HALF_OPEN;
      default -> State.CLOSED;
    };
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
