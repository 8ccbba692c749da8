package dev.sluice.store;

import static dev.sluice.store.TestRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.config.KeyConfig;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL half of the shared store, against the local PostgreSQL. */
class PgStoreTest {
  @TempDir
  Path dir;
  SharedStoreFixture shared;
  Vertx vertx;

  @BeforeEach
  void start() {
    shared = new SharedStoreFixture();
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    shared.close();
  }

  @Test
  void replicasMigrateOnceAndTheirLedgerEntriesNeverCollide() throws Exception {
    try (PgStore a = PgStore.open(vertx, shared.postgres(), dir.resolve("a"));
        PgStore b = PgStore.open(vertx, shared.postgres(), dir.resolve("b"))) {
      for (int i = 0; i < 500; i++) {
        a.ledger().append(TestRecords.usage("a" + i, T0, "k1", "t", "p", "gpt-4o", "openai", 10, 5, 0, 100));
        b.ledger().append(TestRecords.usage("b" + i, T0, "k2", "t", "p", "gpt-4o", "openai", 10, 5, 0, 10));
      }
      a.ledger().flush();
      b.ledger().flush();
      assertThat(shared.count("SELECT count(*) FROM sluice_ledger")).isEqualTo(1000);
      assertThat(shared.count("SELECT count(DISTINCT entry_id) FROM sluice_ledger")).isEqualTo(1000);
      assertThat(shared.count("SELECT max(version) FROM sluice_schema_version")).isEqualTo(1);

      SpendTotals spend = a.ledger().spendSince(T0);
      assertThat(spend.key("k1")).isEqualTo(500 * 100);
      assertThat(spend.team("t")).isEqualTo(500 * 110);
      assertThat(spend.project("t", "p")).isEqualTo(500 * 110);
      assertThat(a.ledger().spendSince(T0.plusSeconds(1)).team("t")).isZero();

      List<UsageRow> rows = b.ledger().usage(List.of("key", "day"), null, null);
      assertThat(rows).extracting(UsageRow::group)
          .containsExactly(List.of("k1", "2026-03-01"), List.of("k2", "2026-03-01"));
      assertThat(rows).extracting(UsageRow::requests).containsExactly(500L, 500L);
      assertThat(rows).extracting(UsageRow::costNanos).containsExactly(50_000L, 5_000L);
    }
  }

  @Test
  void whilePostgresIsDownRecordsSpoolAndReachItInOrderWhenItReturns() throws Exception {
    try (TcpProxy proxy = new TcpProxy(5432)) {
      String viaProxy = shared.postgres().replace(":5432/", ":" + proxy.port() + "/");
      try (PgStore store = PgStore.open(vertx, viaProxy, dir)) {
        store.ledger().append(TestRecords.simple("before", T0.toEpochMilli()));
        store.ledger().flush();
        proxy.down();
        for (int i = 0; i < 20; i++) {
          store.ledger().append(TestRecords.simple("during-" + i, T0.toEpochMilli() + i));
        }
        store.ledger().flush(); // retried, then spooled: nothing is lost, nothing waits
        assertThat(dir.resolve("ledger.spool")).exists();
        assertThat(shared.count("SELECT count(*) FROM sluice_ledger")).isEqualTo(1);
        proxy.up();
        store.ledger().append(TestRecords.simple("after", T0.toEpochMilli() + 100));
        store.ledger().flush();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
            assertThat(shared.count("SELECT count(*) FROM sluice_ledger")).isEqualTo(22));
        assertThat(dir.resolve("ledger.spool")).doesNotExist();
        // In the order they were appended: entry ids grow with each append.
        assertThat(shared.count("SELECT count(*) FROM sluice_ledger a JOIN sluice_ledger b"
            + " ON a.ts < b.ts AND a.entry_id > b.entry_id")).isZero();
      }
    }
  }

  @Test
  void keysAreSharedAndEachChangeIsNumberedForTheOtherReplicas() throws Exception {
    try (PgStore a = PgStore.open(vertx, shared.postgres(), dir.resolve("a"));
        PgStore b = PgStore.open(vertx, shared.postgres(), dir.resolve("b"))) {
      KeyConfig key = new KeyConfig("k1", "sha256:" + "ab".repeat(32), null, "o", "t", "p", null,
          null, null, null);
      a.keys().add(key, 1000);
      assertThatThrownBy(() -> b.keys().add(key, 1001)).isInstanceOf(SQLException.class);
      List<KeyStore.StoredKey> seen = b.keys().changedSince(0);
      assertThat(seen).singleElement().satisfies(k -> {
        assertThat(k.key().id()).isEqualTo("k1");
        assertThat(k.revoked()).isFalse();
      });
      long version = seen.getFirst().version();
      assertThat(b.keys().changedSince(version)).isEmpty();
      assertThat(b.keys().revoke("k1", 2000)).isTrue();
      assertThat(a.keys().revoke("k1", 2001)).as("already revoked").isFalse();
      assertThat(a.keys().changedSince(version)).singleElement()
          .satisfies(k -> assertThat(k.revokedMillis()).isEqualTo(2000));
      assertThat(a.keys().all()).hasSize(1);
    }
  }

  @Test
  void anUnreachableDatabaseIsAClearStartUpError() {
    assertThatThrownBy(() -> PgStore.open(vertx,
        "jdbc:postgresql://127.0.0.1:1/test?user=postgres", dir))
        .isInstanceOf(LedgerException.class)
        .hasMessageStartingWith("store.postgres: cannot open the store: ");
    assertThat(dir).isDirectoryNotContaining(p -> Files.isRegularFile(p));
  }
}
