package dev.sluice.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code store:}: {@code embedded} (single node, file-backed) or {@code redis-postgres} (many
 * replicas: counters in Redis, keys and the ledger in PostgreSQL, {@code path} the local spool
 * for PostgreSQL outages).
 *
 * @param onRedisFailure what admission does while Redis cannot be reached
 * @param sync how often a replica reads key changes made on the other replicas
 * @param prefix what every Redis key of this deployment starts with
 * @param retention how long the ledger keeps each request's record, in whole UTC days; null:
 *     forever. The daily rollup (usage and spend a day) is kept whatever it says.
 */
public record StoreConfig(String type, String path, String redis, String postgres,
    RedisFailure onRedisFailure, Duration sync, String prefix, Duration retention) {
  public static final Duration DEFAULT_SYNC = Duration.ofSeconds(1);

  public StoreConfig {
    type = type == null ? "embedded" : type;
    path = path == null ? "./sluice-data" : path;
    onRedisFailure = onRedisFailure == null ? RedisFailure.defaults() : onRedisFailure;
    sync = sync == null ? DEFAULT_SYNC : sync;
    prefix = prefix == null ? "sluice" : prefix;
  }

  public StoreConfig(String type, String path, String redis, String postgres) {
    this(type, path, redis, postgres, null, null, null, null);
  }

  public static StoreConfig defaults() {
    return new StoreConfig(null, null, null, null);
  }

  public boolean shared() {
    return type.equals("redis-postgres");
  }

  /** Where the ledger is, and how long it keeps records, for the start-up report. */
  public String describeLedger() {
    String where = shared() ? "PostgreSQL (spool " + Path.of(path).resolve("ledger.spool") + ")"
        : Path.of(path).resolve("ledger.db").toString();
    return where + (retention == null ? "" : ", records kept " + ValueFormats.format(retention));
  }

  /**
   * {@code onRedisFailure: { limits: open, budgets: closed }}: {@code open} admits and counts
   * locally, charging Redis when it is back; {@code closed} refuses with 503.
   */
  public record RedisFailure(String limits, String budgets) {
    public RedisFailure {
      limits = limits == null ? "open" : limits;
      budgets = budgets == null ? "closed" : budgets;
    }

    public static RedisFailure defaults() {
      return new RedisFailure(null, null);
    }

    public boolean limitsOpen() {
      return limits.equals("open");
    }

    public boolean budgetsOpen() {
      return budgets.equals("open");
    }
  }

  @Override
  public String toString() { // no URLs: they may carry passwords
    return "StoreConfig[type=" + type + ", path=" + path + "]";
  }
}
