package dev.sluice.server;

import dev.sluice.authorize.LimiterRegistry;
import dev.sluice.budget.BudgetRegistry;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.ConfigResult;
import dev.sluice.config.SluiceConfig;
import dev.sluice.store.LedgerRetention;
import dev.sluice.store.LedgerSpendHistory;
import dev.sluice.config.ObservabilityConfig;
import dev.sluice.observe.AccessLogWriter;
import dev.sluice.observe.CircuitStates;
import dev.sluice.observe.RotatingFileOutput;
import dev.sluice.observe.Telemetry;
import dev.sluice.store.KeyStore;
import dev.sluice.store.Ledger;
import dev.sluice.upstream.Providers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Sluice: the data plane on every event loop, the admin port, the access log. Started
 * from a validated configuration; {@link #close()} drains gracefully.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final Vertx vertx;
  private final java.util.concurrent.atomic.AtomicReference<GatewayCore> core;
  private final java.util.List<DataPlaneVerticle> verticles;
  private final Path configFile; // null: the built-in quickstart, nothing to reload
  private final LimiterRegistry limiters;
  private final BudgetRegistry budgets;
  /** Per backend name, across reloads: a backend that stays keeps its counters. */
  private final java.util.Map<String, dev.sluice.upstream.BackendStats> backendStats;
  private final java.util.Map<String, dev.sluice.upstream.BackendCircuit> circuits;
  private final int dataPort;
  private final AccessLogWriter accessLog;
  private final Telemetry telemetry;
  private final Ledger ledger;
  private final KeyStore keyStore;
  private final Stores stores;
  private volatile KeySync keySync; // the shared store's; null for the embedded one
  private final HttpServer admin;
  private final AtomicBoolean ready = new AtomicBoolean(true);
  private final AtomicBoolean closed = new AtomicBoolean();

  private Gateway(Vertx vertx, GatewayCore core, java.util.List<DataPlaneVerticle> verticles,
      Path configFile, LimiterRegistry limiters, BudgetRegistry budgets,
      java.util.Map<String, dev.sluice.upstream.BackendStats> backendStats,
      java.util.Map<String, dev.sluice.upstream.BackendCircuit> circuits,
      AccessLogWriter accessLog, Telemetry telemetry, Stores stores, HttpServer admin) {
    this.vertx = vertx;
    this.core = new java.util.concurrent.atomic.AtomicReference<>(core);
    this.verticles = verticles;
    this.configFile = configFile;
    this.limiters = limiters;
    this.budgets = budgets;
    this.backendStats = backendStats;
    this.circuits = circuits;
    this.dataPort = core.dataPort().get();
    this.accessLog = accessLog;
    this.telemetry = telemetry;
    this.ledger = stores.ledger();
    this.keyStore = stores.keys();
    this.stores = stores;
    this.admin = admin;
  }

  /** Starts a configuration built in code (the quickstart, tests): nothing to reload. */
  public static Gateway start(SluiceConfig config) throws Exception {
    return start(config, null);
  }

  /**
   * Starts and returns once both ports listen; fails if a port cannot be bound.
   *
   * @param configFile the file {@code config} was read from: reloaded on {@code POST
   *     /admin/reload} and when it changes
   */
  public static Gateway start(SluiceConfig config, Path configFile) throws Exception {
    return start(config, configFile, Telemetry.of(config.observability()));
  }

  /**
   * Starts with the given telemetry (tests: in-memory exporters) instead of the configured one;
   * the gateway owns it and closes it.
   */
  public static Gateway start(SluiceConfig config, Path configFile, Telemetry telemetry)
      throws Exception {
    AccessLogWriter accessLog;
    try {
      accessLog = openAccessLog(config.observability().accessLog());
    } catch (IOException | RuntimeException e) {
      telemetry.close();
      throw e;
    }
    int eventLoops = config.server().eventLoops();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops)
        .setPreferNativeTransport(true));
    telemetry.start(VertxSpanTransport.on(vertx)); // spans are sent from the event loops
    Stores stores;
    try {
      stores = Stores.open(config.store(), vertx, eventLoops);
    } catch (RuntimeException e) {
      vertx.close().await(10, TimeUnit.SECONDS);
      if (accessLog != null) {
        accessLog.close();
      }
      telemetry.close();
      throw e;
    }
    Ledger ledger = stores.ledger();
    KeyStore keyStore = stores.keys();
    try {
      LimiterRegistry limiters = new LimiterRegistry();
      BudgetRegistry budgets = new BudgetRegistry(new LedgerSpendHistory(ledger));
      java.util.Map<String, dev.sluice.upstream.BackendStats> backendStats =
          new java.util.concurrent.ConcurrentHashMap<>();
      java.util.Map<String, dev.sluice.upstream.BackendCircuit> circuits =
          new java.util.concurrent.ConcurrentHashMap<>();
      java.util.List<KeyStore.StoredKey> storedKeys = keyStore.all();
      GatewayCore core = GatewayCore.build(config, accessLog, telemetry, ledger, storedKeys,
          limiters, budgets, backendStats, circuits, InstantSource.system(),
          stores.sharedCounters());
      java.util.List<DataPlaneVerticle> verticles = new java.util.concurrent.CopyOnWriteArrayList<>();
      vertx.deployVerticle(() -> {
            DataPlaneVerticle verticle = new DataPlaneVerticle(core);
            verticles.add(verticle);
            return verticle;
          }, new DeploymentOptions().setInstances(eventLoops))
          .await(30, TimeUnit.SECONDS);
      Gateway[] self = new Gateway[1];
      java.util.function.Supplier<GatewayCore> current =
          () -> self[0] == null ? core : self[0].core.get();
      telemetry.circuitStates(
          () -> current.get().config().backends().stream().map(b -> b.name()).toList(),
          backend -> {
            dev.sluice.upstream.BackendCircuit circuit = circuits.get(backend);
            return circuit == null ? CircuitStates.CLOSED : circuit.state().code();
          });
      HttpServer admin = AdminServer.start(vertx, current, () -> self[0].reload(), ledger, keyStore,
              telemetry,
              () -> self[0] == null || self[0].ready.get(), stores::problem)
          .await(30, TimeUnit.SECONDS);
      self[0] = new Gateway(vertx, core, verticles, configFile, limiters, budgets, backendStats,
          circuits, accessLog, telemetry, stores, admin);
      self[0].watchConfigFile();
      self[0].keepRetention(config.store().retention());
      if (config.store().shared()) {
        self[0].keySync = new KeySync(vertx, keyStore, () -> self[0].core.get(), storedKeys.stream()
            .mapToLong(KeyStore.StoredKey::version).max().orElse(0)).start(config.store().sync());
        stores.keyChanges().subscribe(self[0].keySync::now); // the poll stays as the fallback
      }
      return self[0];
    } catch (Exception e) {
      stores.close(); // before the event loops stop: PostgreSQL's client runs on them
      vertx.close().await(10, TimeUnit.SECONDS);
      if (accessLog != null) {
        accessLog.close();
      }
      telemetry.close();
      throw e;
    }
  }

  private static AccessLogWriter openAccessLog(ObservabilityConfig.AccessLogConfig config)
      throws IOException {
    String to = config.to();
    if (to.equals("none")) {
      return null;
    }
    OutputStream out;
    if (to.startsWith("file:")) {
      out = RotatingFileOutput.open(Path.of(to.substring("file:".length())),
          config.maxFileSize().bytes(), config.maxFiles());
    } else {
      // Access records own stdout; diagnostics go to stderr, so stdout stays pure JSON lines.
      out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024);
    }
    return new AccessLogWriter(out);
  }

  public int dataPort() {
    return dataPort;
  }

  public int adminPort() {
    return admin.actualPort();
  }

  public SluiceConfig config() {
    return core.get().config();
  }

  /**
   * Reads the configuration file again and, when it is valid, serves new requests from it:
   * requests in flight finish on the configuration they started with, and limits and budgets
   * that did not change keep their state. An invalid file changes nothing: its problems are
   * returned, as {@code validate} prints them. The listening addresses, the store and most of
   * {@code observability} are read at start only: a change there is refused until a restart
   * ({@code otlp.sampleRatio} and {@code captureContent} apply live).
   */
  public synchronized ReloadResult reload() {
    if (configFile == null) {
      return ReloadResult.refused(java.util.List.of(
          "(config): the built-in quickstart has no file to reload"));
    }
    ConfigResult result = ConfigLoader.load(configFile, System.getenv());
    if (!(result instanceof ConfigResult.Valid valid)) {
      return ReloadResult.refused(result.problems().stream().map(Object::toString).toList());
    }
    SluiceConfig next = valid.config();
    SluiceConfig running = core.get().config();
    java.util.List<String> restartOnly = new java.util.ArrayList<>();
    if (!next.server().equals(running.server())) {
      restartOnly.add("server: listening settings change only at a restart");
    }
    if (!next.store().equals(running.store())) {
      restartOnly.add("store: the store changes only at a restart");
    }
    java.util.List<String> observability = running.observability().restartOnly(next.observability());
    if (!observability.isEmpty()) {
      restartOnly.add(String.join(", ", observability) + ": the access log, the exporters and "
          + "metrics change only at a restart (otlp.sampleRatio and captureContent apply live)");
    }
    if (!restartOnly.isEmpty()) {
      return ReloadResult.refused(restartOnly);
    }
    GatewayCore old = core.get();
    GatewayCore fresh;
    // Held against the admin API's key changes (AdminKeys locks the store too), so that a key
    // created or revoked during a reload is neither missed by the new generation nor revived.
    synchronized (keyStore) {
      try {
        fresh = GatewayCore.build(next, accessLog, telemetry, ledger, keyStore.all(), limiters,
            budgets, backendStats, circuits, InstantSource.system(), stores.sharedCounters());
      } catch (Exception e) {
        return ReloadResult.refused(java.util.List.of("(config): " + e.getMessage()));
      }
      core.set(fresh);
    }
    telemetry.reconfigure(next.observability()); // the sample ratio and content capture
    try { // every event loop serves the new configuration before the reload is reported done
      // A plain blocking get: reloads run on a Vert.x worker thread, where Future.await refuses.
      io.vertx.core.Future.all(verticles.stream().map(v -> v.swap(fresh)).toList())
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("reload: not every event loop confirmed the new configuration: {}", e.toString());
    }
    long grace = running.server().drainTimeout().toMillis() + 1_000
        + running.routes().stream().mapToLong(r -> r.timeout().toMillis()).max().orElse(0);
    vertx.setTimer(grace, t -> Providers.close(old.providers()));
    LOG.info("config reloaded from {}: {} backends, {} routes, {} teams, {} keys", configFile,
        next.backends().size(), next.routes().size(), next.teams().size(), next.keys().size());
    return ReloadResult.applied(valid.warnings());
  }

  /** What a reload did: applied (with its warnings) or refused (with its problems). */
  public record ReloadResult(boolean applied, java.util.List<String> messages) {
    static ReloadResult applied(java.util.List<String> warnings) {
      return new ReloadResult(true, java.util.List.copyOf(warnings));
    }

    static ReloadResult refused(java.util.List<String> problems) {
      return new ReloadResult(false, java.util.List.copyOf(problems));
    }
  }

  /**
   * {@code store.retention}: old records are deleted now and every hour, on a worker thread
   * (unordered: a long first run does not hold up other blocking work).
   */
  private void keepRetention(java.time.Duration retention) {
    if (retention == null) {
      return;
    }
    LedgerRetention.Schedule schedule = new LedgerRetention.Schedule(ledger, retention);
    Runnable prune = () -> vertx.executeBlocking(
        () -> schedule.runNow(java.time.Instant.now()), false);
    prune.run();
    vertx.setPeriodic(LedgerRetention.EVERY.toMillis(), id -> prune.run());
  }

  /** Polls the file's modification time (every 2 s, on a worker thread) and reloads on change. */
  private void watchConfigFile() {
    if (configFile == null) {
      return;
    }
    long[] seen = {modified()};
    vertx.setPeriodic(2_000, id -> vertx.executeBlocking(() -> {
      long now = modified();
      if (now != seen[0]) {
        seen[0] = now;
        ReloadResult result = reload();
        if (!result.applied()) {
          LOG.warn("config file changed but was not applied: {}", String.join("; ", result.messages()));
        }
      }
      return null;
    }));
  }

  private long modified() {
    try {
      return Files.getLastModifiedTime(configFile).toMillis();
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * Drains: readiness turns 503, the data plane stops accepting and finishes in-flight requests
   * and streams (up to {@code server.drainTimeout}) while the admin port stays up to say so,
   * then the access log and the ledger are flushed.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ready.set(false);
    if (keySync != null) {
      keySync.stop();
    }
    long drainMs = core.get().config().server().drainTimeout().toMillis();
    try {
      // The data-plane verticles are the only deployments; undeploying them drains them.
      io.vertx.core.Future.all(vertx.deploymentIDs().stream().map(vertx::undeploy).toList())
          .await(drainMs + 5_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("shutdown: the data plane did not drain cleanly: {}", e.toString());
    }
    // The ledger flushes while the event loops still run: PostgreSQL's client needs them.
    stores.close(); // flushes every ledger record still queued
    telemetry.flushSpans(java.time.Duration.ofSeconds(5)); // they are sent from the event loops too
    try {
      vertx.close().await(10_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("shutdown: event loops did not stop cleanly: {}", e.toString());
    }
    if (accessLog != null) {
      accessLog.close();
    }
    telemetry.close(); // exports the spans and metrics still pending
    Providers.close(core.get().providers());
  }
}
