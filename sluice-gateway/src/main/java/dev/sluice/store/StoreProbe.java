package dev.sluice.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Whether the shared store's services answer, for {@code /readyz}: each one is asked (a Redis
 * {@code PING}, a PostgreSQL {@code SELECT 1}) every {@code every}, off the request path, and the
 * last verdict is kept, so a readiness check costs no round trip however often it is called. A
 * probe that does not answer within {@code every} counts as a failure: a black-holed service
 * must not leave the replica looking ready.
 */
public final class StoreProbe implements AutoCloseable {
  /** One service: its name for the reason, and one probe (a future that fails when it is down). */
  public record Check(String name, Supplier<Future<?>> probe) {}

  private final Vertx vertx;
  private final List<Check> checks;
  private final Duration every;
  private final long timer;
  /** The first failing service and why, or null when every one answered its last probe. */
  private volatile String problem;
  private volatile boolean probing; // set by the timer, cleared where the probes complete

  private StoreProbe(Vertx vertx, List<Check> checks, Duration every) {
    this.vertx = vertx;
    this.checks = List.copyOf(checks);
    this.every = every;
    this.timer = vertx.setPeriodic(every.toMillis(), id -> probe());
  }

  /** Starts probing {@code checks} every {@code every}; ready until a probe fails. */
  public static StoreProbe start(Vertx vertx, Duration every, List<Check> checks) {
    return new StoreProbe(vertx, checks, every);
  }

  /** Null when every service answered its last probe; else which one did not, and why. */
  public String problem() {
    return problem;
  }

  private void probe() {
    if (probing) {
      return; // the previous round is still out: it times out within one interval
    }
    probing = true;
    String[] found = new String[checks.size()];
    List<Future<?>> rounds = new java.util.ArrayList<>(checks.size());
    for (int i = 0; i < checks.size(); i++) {
      Check check = checks.get(i);
      int at = i;
      Future<?> answered;
      try {
        answered = check.probe().get().timeout(every.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RuntimeException e) {
        answered = Future.failedFuture(e);
      }
      rounds.add(answered.otherwise(e -> {
        found[at] = check.name() + " is unreachable: "
            + (e.getMessage() == null ? e.toString() : e.getMessage());
        return null;
      }));
    }
    Future.join(rounds).onComplete(done -> {
      String first = null;
      for (String f : found) {
        if (f != null && first == null) {
          first = f;
        }
      }
      problem = first;
      probing = false;
    });
  }

  @Override
  public void close() {
    vertx.cancelTimer(timer);
  }
}
