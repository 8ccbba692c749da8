package dev.sluice.store;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The two ledgers a test can run on: the embedded one in a folder, and the shared one in the
 * local PostgreSQL, in a schema of its own (spooling to the folder).
 */
enum LedgerKind {
  EMBEDDED {
    @Override
    void run(Path dir, Consumer<Ledger> test) {
      try (SqliteLedger ledger = SqliteLedger.open(dir)) {
        test.accept(ledger);
      }
    }
  },
  SHARED {
    @Override
    void run(Path dir, Consumer<Ledger> test) throws Exception {
      Vertx vertx = Vertx.vertx();
      try (SharedStoreFixture shared = new SharedStoreFixture();
          PgStore store = PgStore.open(vertx, shared.postgres(), dir)) {
        test.accept(store.ledger());
      } finally {
        vertx.close().await(10, TimeUnit.SECONDS);
      }
    }
  };

  abstract void run(Path dir, Consumer<Ledger> test) throws Exception;
}
