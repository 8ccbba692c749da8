package dev.sluice.server;

import dev.sluice.config.StoreConfig;
import dev.sluice.pipeline.SharedCounters;
import dev.sluice.store.KeyChanges;
import dev.sluice.store.KeyStore;
import dev.sluice.store.Ledger;
import dev.sluice.store.PgStore;
import dev.sluice.store.PublishingKeyStore;
import dev.sluice.store.RedisCounters;
import dev.sluice.store.SqliteLedger;
import dev.sluice.store.StoreProbe;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/**
 * What {@code store:} opens: the ledger and the key store, and for {@code redis-postgres} the
 * shared counters. The embedded store keeps limits and budgets in memory ({@code counters} null).
 */
record Stores(Ledger ledger, KeyStore keys, RedisCounters counters, PgStore postgres,
    StoreProbe probe, KeyChanges keyChanges) {
  /** How often {@code /readyz}'s verdict on Redis and PostgreSQL is refreshed. */
  static final Duration PROBE_EVERY = Duration.ofSeconds(1);

  static Stores open(StoreConfig store, Vertx vertx, int eventLoops) {
    Path path = Path.of(store.path());
    if (!store.shared()) {
      // The ledger must open before the budgets read their spend from it.
      Ledger ledger = SqliteLedger.open(path);
      try {
        return new Stores(ledger, KeyStore.open(path), null, null, null, null);
      } catch (RuntimeException e) {
        ledger.close();
        throw e;
      }
    }
    PgStore postgres = PgStore.open(vertx, store.postgres(), path);
    try {
      RedisCounters counters = RedisCounters.connect(vertx, store.redis(), store.prefix(),
          InstantSource.system(), Math.max(8, 4 * eventLoops));
      StoreProbe probe = StoreProbe.start(vertx, PROBE_EVERY, List.of(
          new StoreProbe.Check("Redis (store.redis)", counters::ping),
          new StoreProbe.Check("PostgreSQL (store.postgres)", postgres::ping)));
      KeyChanges changes = new KeyChanges(vertx, store.redis(), store.prefix());
      return new Stores(postgres.ledger(), new PublishingKeyStore(postgres.keys(), changes),
          counters, postgres, probe, changes);
    } catch (RuntimeException e) {
      postgres.close();
      throw e;
    }
  }

  SharedCounters sharedCounters() {
    return counters;
  }

  /**
   * Null when the stores can serve; else why not (a shared store's Redis or PostgreSQL did not
   * answer its last probe). The embedded store is files in this process: always ready.
   */
  String problem() {
    return probe == null ? null : probe.problem();
  }

  /** Flushes the ledger and closes everything; the event loops must still run (PostgreSQL). */
  void close() {
    if (probe != null) {
      probe.close();
    }
    if (keyChanges != null) {
      keyChanges.close();
    }
    if (counters != null) {
      counters.close();
    }
    if (postgres != null) {
      postgres.close(); // flushes the ledger first
    } else {
      ledger.close(); // flushes every record still queued
      keys.close();
    }
  }
}
