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
import dev.sluice.pipeline.SharedAdmission;
import dev.sluice.provider.TokenUsage;
import dev.sluice.store.RedisCounters;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * What admission costs with {@code store.type: redis-postgres}: stages 2 and 3 plus the shared
 * admission step (one EVALSHA taking 3 request limits, 3 token limits and 3 budgets — key,
 * project and team, as {@link TenancyBenchmarks}), timed one request at a time on an event loop
 * against a Redis on loopback, beside a bare PING on the same client (one loopback round trip)
 * and the embedded store's in-memory admission. A timed harness, not JMH: the thing measured is
 * a network round trip, whose distribution (p50, p99) matters more than its mean.
 *
 * <pre>
 * java -cp sluice-bench/target/benchmarks.jar dev.sluice.bench.SharedAdmissionBench [redis://127.0.0.1:6379/0] [requests]
 * </pre>
 */
public final class SharedAdmissionBench {
  private static final String TENANCY = Fixtures.TENANCY_CONFIG;

  private SharedAdmissionBench() {}

  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0] : "redis://127.0.0.1:6379/0";
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
    String prefix = "sluice-bench-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
    ClientRequest request = RequestParser.parse(Endpoint.CHAT, Fixtures.CHAT_REQUEST);
    PriceTable prices = PriceTable.of(Map.of());

    SluiceConfig embedded = ConfigLoader.parse(TENANCY, Map.of()).config();
    SluiceConfig shared = ConfigLoader.parse(TENANCY + "store: { type: redis-postgres, redis: \""
        + url + "\", postgres: \"jdbc:postgresql://127.0.0.1/unused\" }\n", Map.of()).config();

    Vertx vertx = Vertx.vertx();
    RedisCounters counters = RedisCounters.connect(vertx, url, prefix, InstantSource.system(), 4);
    Redis redis = Redis.createClient(vertx, url);
    try {
      Stages memory = new Stages(Authorize.of(embedded, new LimiterRegistry(), System::nanoTime),
          BudgetGuard.of(embedded, prices, new BudgetRegistry(SpendHistory.NONE), InstantSource.system()),
          SharedAdmission.none(), request);
      Stages redisStages = new Stages(Authorize.of(shared, new LimiterRegistry(), System::nanoTime),
          BudgetGuard.of(shared, prices, new BudgetRegistry(SpendHistory.NONE), InstantSource.system(),
              (scope, since) -> 0),
          new SharedAdmission(counters, InstantSource.system(), false, false), request);

      for (int round = 0; round < 2; round++) { // the first round warms up
        boolean report = round == 1;
        long cpu0 = processCpuNanos();
        long[] ping = time(vertx, requests, done -> redis.send(Request.cmd(Command.PING))
            .onComplete(ar -> done.complete()));
        long cpu1 = processCpuNanos();
        long[] inMemory = time(vertx, requests, done -> {
          memory.admitAndSettle();
          done.complete();
        });
        long cpu2 = processCpuNanos();
        long[] viaRedis = time(vertx, requests, redisStages::admitAndSettle);
        long cpu3 = processCpuNanos();
        // The admission alone, with no settlement sent before the next one: what one request's
        // admission costs when Redis is not busy with another request's script.
        long[] admitOnly = time(vertx, requests, redisStages::admitOnly);
        long cpu4 = processCpuNanos();
        if (report) {
          System.out.printf("%d requests, one at a time, on one event loop; Redis %s%n", requests, url);
          print("Redis PING (one loopback round trip)", ping, (cpu1 - cpu0) / requests);
          print("admission, embedded (stages 2+3, memory)", inMemory, (cpu2 - cpu1) / requests);
          print("admission, redis-postgres (stages 2+3 + EVALSHA)", viaRedis, (cpu3 - cpu2) / requests);
          print("  the same, no settlement sent", admitOnly, (cpu4 - cpu3) / requests);
          System.out.printf("added by Redis: p50 %+.1f us, p99 %+.1f us%n",
              (pct(viaRedis, 50) - pct(inMemory, 50)) / 1e3, (pct(viaRedis, 99) - pct(inMemory, 99)) / 1e3);
        }
      }
      cleanUp(redis, prefix);
    } finally {
      counters.close();
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** One request's stages 2 and 3 and the admission step, then its settlement. */
  private record Stages(Authorize authorize, BudgetGuard budget, SharedAdmission admit,
      ClientRequest request) {
    void admitAndSettle() {
      admitAndSettle(null);
    }

    void admitAndSettle(Promise<Void> done) {
      admit(done, true);
    }

    void admitOnly(Promise<Void> done) {
      admit(done, false);
    }

    private void admit(Promise<Void> done, boolean settles) {
      Exchange exchange = Fixtures.exchange(name -> null);
      exchange.principal(new Principal("k", "o", "t", "p"));
      exchange.request(request);
      if (authorize.apply(exchange) != Decision.PROCEED || budget.apply(exchange) != Decision.PROCEED) {
        throw new IllegalStateException("refused");
      }
      Decision admitted = admit.apply(exchange);
      Runnable settle = () -> {
        exchange.attemptStarted("b", "gpt-4o-mini");
        exchange.usage(TokenUsage.of(200, 20));
        exchange.reservations().forEach(r -> r.settle(exchange));
      };
      if (admitted instanceof Decision.Later later) {
        later.pending().whenDecided(decision -> {
          if (decision != Decision.PROCEED) {
            done.fail(new IllegalStateException("refused: " + decision));
            return;
          }
          done.complete(); // timed to the decision; the settlement is sent without waiting
          if (settles) {
            settle.run();
          }
        });
      } else {
        settle.run();
        if (done != null) {
          done.complete();
        }
      }
    }
  }

  /** Runs {@code n} operations back to back on an event loop; each one's duration, sorted. */
  private static long[] time(Vertx vertx, int n, java.util.function.Consumer<Promise<Void>> op)
      throws Exception {
    long[] nanos = new long[n];
    Promise<Void> all = Promise.promise();
    vertx.runOnContext(v -> next(vertx, op, nanos, 0, all));
    all.future().await(10, TimeUnit.MINUTES);
    Arrays.sort(nanos);
    return nanos;
  }

  private static void next(Vertx vertx, java.util.function.Consumer<Promise<Void>> op, long[] nanos,
      int i, Promise<Void> all) {
    if (i == nanos.length) {
      all.complete();
      return;
    }
    long start = System.nanoTime();
    Promise<Void> done = Promise.promise();
    done.future().onComplete(ar -> {
      if (ar.failed()) {
        all.fail(ar.cause());
        return;
      }
      nanos[i] = System.nanoTime() - start;
      vertx.runOnContext(v -> next(vertx, op, nanos, i + 1, all)); // not recursion: a new task
    });
    op.accept(done);
  }

  private static double pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
  }

  /**
   * The JVM's CPU time (every thread: the event loop, the settlement's answers, GC), which,
   * unlike latency, other processes on a shared machine barely move.
   */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static void print(String what, long[] sorted, long cpuNanos) {
    System.out.printf("%-52s p50 %7.1f us   p90 %7.1f us   p99 %7.1f us   p99.9 %7.1f us"
        + "   CPU %6.1f us/op%n", what, pct(sorted, 50) / 1e3, pct(sorted, 90) / 1e3,
        pct(sorted, 99) / 1e3, pct(sorted, 99.9) / 1e3, cpuNanos / 1e3);
  }

  private static void cleanUp(Redis redis, String prefix) throws Exception {
    Response keys = redis.send(Request.cmd(Command.KEYS).arg(prefix + ":*")).await(10, TimeUnit.SECONDS);
    for (Response key : keys) {
      redis.send(Request.cmd(Command.DEL).arg(key.toString())).await(10, TimeUnit.SECONDS);
    }
  }
}
