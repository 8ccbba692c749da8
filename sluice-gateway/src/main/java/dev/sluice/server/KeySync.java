package dev.sluice.server;

import dev.sluice.store.KeyStore;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With the shared store, keys created or revoked through another replica's admin API reach this
 * one at once when that replica's word arrives through Redis ({@code KeyChanges}, which calls
 * {@link #now}), and within {@code store.sync} (default 1 s) plus one query when it does not:
 * every interval, and on each word, the key store is asked on a worker thread what changed
 * since the last change seen.
 */
final class KeySync {
  private static final Logger LOG = LoggerFactory.getLogger(KeySync.class);

  private final Vertx vertx;
  private final KeyStore store;
  private final Supplier<GatewayCore> core;
  private final AtomicBoolean running = new AtomicBoolean();
  /** A read was asked for since the running one began: it may have missed that change. */
  private final AtomicBoolean requested = new AtomicBoolean();
  private long version;
  private boolean failing;
  private long timer = -1;

  KeySync(Vertx vertx, KeyStore store, Supplier<GatewayCore> core, long version) {
    this.vertx = vertx;
    this.store = store;
    this.core = core;
    this.version = version;
  }

  KeySync start(Duration every) {
    timer = vertx.setPeriodic(every.toMillis(), id -> now());
    return this;
  }

  /**
   * Reads the changes soon, on a worker thread; never blocks. Asked while a read runs, that
   * read is followed by one more, so a change committed during it is not left to the next poll.
   */
  void now() {
    requested.set(true);
    if (!running.compareAndSet(false, true)) {
      return;
    }
    vertx.executeBlocking(() -> {
      while (requested.getAndSet(false)) {
        syncOnce();
      }
      return null;
    }, false).onComplete(done -> {
      running.set(false);
      if (requested.get()) {
        now(); // asked between the last read and running.set(false)
      }
    });
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  /** Applies the changes since the last seen; holds the store's lock, as reloads and AdminKeys do. */
  void syncOnce() {
    synchronized (store) {
      try {
        for (KeyStore.StoredKey changed : store.changedSince(version)) {
          GatewayCore current = core.get();
          if (changed.revoked()) {
            current.keys().revoke(changed.key().id());
          } else {
            current.register(changed.key());
          }
          version = Math.max(version, changed.version());
        }
        if (failing) {
          failing = false;
          LOG.info("store: key changes are read again");
        }
      } catch (Exception e) {
        if (!failing) {
          failing = true;
          LOG.warn("store: cannot read key changes ({}); keys stay as they are until it works",
              e.toString());
        }
      }
    }
  }
}
