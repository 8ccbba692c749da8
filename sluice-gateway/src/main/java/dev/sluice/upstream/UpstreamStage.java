package dev.sluice.upstream;

import dev.sluice.config.BackendConfig;
import dev.sluice.pipeline.Exchange;
import dev.sluice.pipeline.Terminal;
import dev.sluice.provider.LocalProvider;
import dev.sluice.provider.Provider;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 5: sends the request to the targets of its route plan, retrying and failing over (see
 * {@link Attempts}), and relays the answer to the client. One instance per event loop: it owns
 * that loop's upstream connection pools.
 */
public final class UpstreamStage implements Terminal, AutoCloseable {
  private final Vertx vertx;
  private final Map<String, BackendClient> backends;
  private final DeadlineSweeper deadlines;

  /**
   * @param stats each backend's shared counters (one object per backend for all loops)
   * @param circuits each backend's circuit breaker, shared the same way
   */
  public UpstreamStage(Vertx vertx, List<BackendConfig> configs, Map<String, Provider> providers,
      Map<String, BackendStats> stats, Map<String, BackendCircuit> circuits) {
    this.vertx = vertx;
    Map<String, BackendClient> clients = new HashMap<>();
    for (BackendConfig config : configs) {
      Provider provider = providers.get(config.name());
      clients.put(config.name(), new BackendClient(vertx, config, provider,
          provider instanceof LocalProvider, stats.get(config.name()),
          circuits.get(config.name())));
    }
    this.backends = Map.copyOf(clients);
    this.deadlines = new DeadlineSweeper(vertx);
  }

  @Override
  public void answer(Exchange exchange) {
    new Attempts(vertx, exchange, backends, deadlines).start();
  }

  @Override
  public void close() {
    deadlines.close();
    backends.values().forEach(BackendClient::close);
  }
}
