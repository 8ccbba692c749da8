package dev.sluice.bench;

import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.api.RequestParser;
import dev.sluice.authenticate.Authenticate;
import dev.sluice.authenticate.KeyIndex;
import dev.sluice.config.KeyConfig;
import dev.sluice.config.RouteConfig;
import dev.sluice.pipeline.Decision;
import dev.sluice.pipeline.Exchange;
import dev.sluice.route.RouteStage;
import dev.sluice.route.RouteTable;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-stage cost on the request path: stage 1 (key lookup) and stage 4 (route match), at growing
 * numbers of keys and routes (issue 8's scaling range: 1 to 1,000,000 keys, 10 to 10,000 routes).
 * Each call includes a fresh exchange, as a request would.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class StageBenchmarks {
  static final String KEY = "sk-bench-0001";

  @Param({"1", "1000000"})
  public int keys;

  @Param({"10", "10000"})
  public int routes;

  private Authenticate authenticate;
  private RouteStage route;
  private ClientRequest request;

  @Setup
  public void setUp() throws Exception {
    List<KeyConfig> keyConfigs = new ArrayList<>();
    keyConfigs.add(new KeyConfig("bench", null, KEY, "bench", null, null, null, null, null, null));
    for (int i = 1; i < keys; i++) {
      keyConfigs.add(new KeyConfig("k" + i, null, "sk-other-" + i, "o", null, null, null, null, null, null));
    }
    authenticate = new Authenticate(KeyIndex.of(keyConfigs), InstantSource.system());

    // The bench model matches the last exact route, after many exact and pattern routes.
    List<RouteConfig> routeConfigs = new ArrayList<>();
    for (int i = 0; i < routes - 1; i++) {
      String model = i % 2 == 0 ? "model-" + i : "family-" + i + "-*";
      routeConfigs.add(new RouteConfig("r" + i, new RouteConfig.Match(List.of(model), null, null, null, null),
          List.of(new RouteConfig.Target("b", null, null, null)), null, null));
    }
    routeConfigs.add(new RouteConfig("bench", new RouteConfig.Match(List.of("gpt-4o-mini"), null, null, null, null),
        List.of(new RouteConfig.Target("b", null, 3, null), new RouteConfig.Target("c", null, 1, null)), null, null));
    route = new RouteStage(RouteTable.of(routeConfigs));
    request = RequestParser.parse(Endpoint.CHAT, Fixtures.CHAT_REQUEST);
  }

  @Benchmark
  public Decision authenticate() {
    Exchange exchange = Fixtures.exchange(name -> name.equals("authorization") ? "Bearer " + KEY : null);
    return authenticate.apply(exchange);
  }

  @Benchmark
  public Exchange route() {
    Exchange exchange = Fixtures.exchange(name -> null);
    exchange.request(request);
    route.apply(exchange);
    return exchange;
  }
}
