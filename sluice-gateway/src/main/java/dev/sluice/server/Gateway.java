package dev.sluice.server;

import dev.sluice.api.TokenCounter;
import dev.sluice.config.BackendType;
import dev.sluice.config.SluiceConfig;
import dev.sluice.observe.AccessLogWriter;
import dev.sluice.store.KeyStore;
import dev.sluice.store.Ledger;
import dev.sluice.store.SqliteLedger;
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
  private final GatewayCore core;
  private final AccessLogWriter accessLog;
  private final Ledger ledger;
  private final KeyStore keyStore;
  private final HttpServer admin;
  private final AtomicBoolean ready = new AtomicBoolean(true);
  private final AtomicBoolean closed = new AtomicBoolean();

  private Gateway(Vertx vertx, GatewayCore core, AccessLogWriter accessLog, Ledger ledger,
      KeyStore keyStore, HttpServer admin) {
    this.vertx = vertx;
    this.core = core;
    this.accessLog = accessLog;
    this.ledger = ledger;
    this.keyStore = keyStore;
    this.admin = admin;
  }

  /** Starts and returns once both ports listen; fails if a port cannot be bound. */
  public static Gateway start(SluiceConfig config) throws Exception {
    AccessLogWriter accessLog = openAccessLog(config.observability().accessLog().to());
    // The embedded store's ledger; it must open before the budgets read their spend from it.
    Ledger ledger = SqliteLedger.open(Path.of(config.store().path()));
    KeyStore keyStore = KeyStore.open(Path.of(config.store().path()));
    int eventLoops = config.server().eventLoops();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops)
        .setPreferNativeTransport(true));
    try {
      GatewayCore core = GatewayCore.build(config, accessLog, ledger, keyStore.all(),
          InstantSource.system());
      warmUpTokenizer(config);
      vertx.deployVerticle(() -> new DataPlaneVerticle(core),
              new DeploymentOptions().setInstances(eventLoops))
          .await(30, TimeUnit.SECONDS);
      Gateway[] self = new Gateway[1];
      HttpServer admin = AdminServer.start(vertx, core, ledger, keyStore,
              () -> self[0] == null || self[0].ready.get())
          .await(30, TimeUnit.SECONDS);
      self[0] = new Gateway(vertx, core, accessLog, ledger, keyStore, admin);
      return self[0];
    } catch (Exception e) {
      vertx.close().await(10, TimeUnit.SECONDS);
      if (accessLog != null) {
        accessLog.close();
      }
      ledger.close();
      keyStore.close();
      throw e;
    }
  }

  /**
   * The tokenizer's vocabulary takes ~150 ms to load. When something will count tokens (a mock
   * backend, a prompt-token route condition), load it now, off the event loops, instead of
   * inside the first request.
   */
  private static void warmUpTokenizer(SluiceConfig config) {
    // The mock counts its answers; Gemini's embeddings API reports no counts, so they are counted.
    boolean needed = config.backends().stream()
            .anyMatch(b -> b.type() == BackendType.MOCK || b.type() == BackendType.GEMINI)
        || config.routes().stream().anyMatch(r -> r.match().promptTokens() != null);
    if (needed) {
      Thread.ofPlatform().name("sluice-tokenizer-warmup").daemon(true)
          .start(() -> TokenCounter.count("warm up"));
    }
  }

  private static AccessLogWriter openAccessLog(String to) throws IOException {
    if (to.equals("none")) {
      return null;
    }
    OutputStream out;
    if (to.startsWith("file:")) {
      Path path = Path.of(to.substring("file:".length()));
      if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
      out = new BufferedOutputStream(new FileOutputStream(path.toFile(), true), 64 * 1024);
    } else {
      // Access records own stdout; diagnostics go to stderr, so stdout stays pure JSON lines.
      out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024);
    }
    return new AccessLogWriter(out);
  }

  public int dataPort() {
    return core.dataPort().get();
  }

  public int adminPort() {
    return admin.actualPort();
  }

  public SluiceConfig config() {
    return core.config();
  }

  /**
   * Drains: readiness turns 503, the data plane stops accepting and finishes in-flight requests
   * and streams (up to {@code server.drainTimeout}), then the access log and the ledger are
   * flushed.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ready.set(false);
    long drainMs = core.config().server().drainTimeout().toMillis();
    try {
      vertx.close().await(drainMs + 10_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("shutdown: event loops did not stop cleanly: {}", e.toString());
    }
    if (accessLog != null) {
      accessLog.close();
    }
    ledger.close(); // flushes every record still queued
    keyStore.close();
    Providers.close(core.providers());
  }
}
