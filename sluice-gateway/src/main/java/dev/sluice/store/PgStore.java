package dev.sluice.store;

import dev.sluice.config.JdbcUrl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL half of the shared store ({@code store.type: redis-postgres}): the keys created
 * through the admin API and the usage ledger, through Vert.x's reactive client. Opening it runs
 * the schema migrations (under an advisory lock: replicas starting together migrate once) and
 * draws this replica's tag for ledger entry ids.
 */
public final class PgStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PgStore.class);
  /** The longest a blocking caller waits for PostgreSQL. */
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Pool pool;
  private final PgLedger ledger;
  private final PgKeyStore keys;

  private PgStore(Pool pool, String schema, Path spoolDir) {
    this.pool = pool;
    PgSchema.migrate(pool, schema);
    int tag = await(pool.query("SELECT nextval('sluice_replicas')").execute()
        .map(rows -> (int) (rows.iterator().next().getLong(0) % 256)));
    this.ledger = new PgLedger(pool, spoolDir, tag);
    this.keys = new PgKeyStore(pool);
  }

  /**
   * Connects to {@code jdbcUrl} (a JDBC URL, as in the config) and migrates the schema. The
   * ledger's spool for outages goes to {@code spoolDir}.
   *
   * @throws LedgerException when PostgreSQL cannot be reached or migrated
   */
  public static PgStore open(Vertx vertx, String jdbcUrl, Path spoolDir) {
    JdbcUrl url = JdbcUrl.parse(jdbcUrl);
    Pool pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(4))
        .connectingTo(options(url))
        .using(vertx)
        .build();
    try {
      return new PgStore(pool, url.schema(), spoolDir);
    } catch (RuntimeException e) {
      pool.close();
      throw new LedgerException("store.postgres: cannot open the store: " + e.getMessage(), e);
    }
  }

  /** A JDBC URL's settings for the reactive client; {@code currentSchema} sets the search path. */
  static PgConnectOptions options(JdbcUrl url) {
    PgConnectOptions options = new PgConnectOptions().setHost(url.host()).setPort(url.port())
        .setDatabase(url.database()).setUser(url.user()).setPipeliningLimit(16);
    if (url.password() != null) {
      options.setPassword(url.password());
    }
    Map<String, String> properties = new HashMap<>();
    properties.put("application_name", "sluice");
    url.parameters().forEach((name, value) -> {
      switch (name) {
        case "currentSchema" -> properties.put("search_path", value);
        case "ApplicationName" -> properties.put("application_name", value);
        case "sslmode" -> options.setSslMode(SslMode.of(value));
        default -> LOG.warn("store.postgres: the JDBC parameter '{}' is ignored by Sluice's client", name);
      }
    });
    return options.setProperties(properties);
  }

  /** One {@code SELECT 1}, for the readiness probe. */
  public Future<?> ping() {
    return pool.query("SELECT 1").execute();
  }

  public Ledger ledger() {
    return ledger;
  }

  public KeyStore keys() {
    return keys;
  }

  @Override
  public void close() {
    ledger.close();
    pool.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS)
        .exceptionally(e -> null).join();
  }

  /** Waits for a query off the event loops (the writer thread, workers, start-up). */
  static <T> T await(Future<T> future) {
    return await(future, TIMEOUT);
  }

  static <T> T await(Future<T> future, Duration timeout) {
    try {
      return future.toCompletionStage().toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("PostgreSQL did not answer within " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IllegalStateException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
    }
  }

  /** {@link #await} for callers that report database failures as {@link SQLException}. */
  static <T> T awaitSql(Future<T> future) throws SQLException {
    try {
      return await(future);
    } catch (IllegalStateException e) {
      throw new SQLException(e.getMessage(), e);
    }
  }

  static long longOr(Row row, int column, long absent) {
    Long value = row.getLong(column);
    return value == null ? absent : value;
  }
}
