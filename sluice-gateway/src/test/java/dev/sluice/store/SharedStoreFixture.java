package dev.sluice.store;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The local Redis and PostgreSQL (127.0.0.1:6379 and :5432, on developer machines and CI) for
 * one test run: a schema and a key prefix of its own, so runs never see each other's state, and
 * both removed at {@link #close}.
 */
public final class SharedStoreFixture implements AutoCloseable {
  public static final String REDIS = "redis://127.0.0.1:6379/0";

  private final String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  private final Vertx vertx = Vertx.vertx();
  private final Pool pool = PgBuilder.pool().connectingTo(new PgConnectOptions()
      .setHost("127.0.0.1").setPort(5432).setDatabase("test").setUser("postgres")).using(vertx).build();
  private final Redis redis = Redis.createClient(vertx, REDIS);

  public String schema() {
    return "sluice_test_" + id;
  }

  public String prefix() {
    return "sluice-test-" + id;
  }

  /** A JDBC URL to the local database, in this run's schema. */
  public String postgres() {
    return "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema=" + schema();
  }

  /** The YAML of a {@code store:} section for this run, with extra fields appended. */
  public String storeYaml(java.nio.file.Path path, String extra) {
    return "store: { type: redis-postgres, path: \"" + path + "\", redis: \"" + REDIS
        + "\", postgres: \"" + postgres() + "\", prefix: " + prefix()
        + (extra.isEmpty() ? "" : ", " + extra) + " }\n";
  }

  /** The single number a query in this run's schema answers. */
  public long count(String sql) {
    return await(pool.withConnection(c -> c.query("SET search_path TO " + schema()).execute()
        .compose(v -> c.query(sql).execute()))
        .map(rows -> {
          Row row = rows.iterator().next();
          Long value = row.getLong(0);
          return value == null ? 0L : value;
        }));
  }

  /** The value Redis holds under this run's prefix, or null. */
  public String redisValue(String name) {
    Response r = await(redis.send(Request.cmd(Command.GET).arg(prefix() + ":" + name)));
    return r == null ? null : r.toString();
  }

  /** How many scripts Redis has run since it started ({@code EVALSHA} and {@code EVAL}). */
  public long scriptCalls() {
    String stats = await(redis.send(Request.cmd(Command.INFO).arg("commandstats"))).toString();
    return java.util.regex.Pattern.compile("cmdstat_eval(?:sha)?:calls=(\\d+)").matcher(stats)
        .results().mapToLong(m -> Long.parseLong(m.group(1))).sum();
  }

  public void flushRedis() {
    Response keys = await(redis.send(Request.cmd(Command.KEYS).arg(prefix() + ":*")));
    for (Response key : keys) {
      await(redis.send(Request.cmd(Command.DEL).arg(key.toString())));
    }
  }

  @Override
  public void close() {
    try {
      flushRedis();
      await(pool.query("DROP SCHEMA IF EXISTS " + schema() + " CASCADE").execute());
    } finally {
      await(vertx.close());
    }
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
