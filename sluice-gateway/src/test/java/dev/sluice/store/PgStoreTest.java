package dev.sluice.store;

import static dev.sluice.store.TestRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.config.KeyConfig;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
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
      assertThat(shared.count("SELECT max(version) FROM sluice_schema_version")).isEqualTo(PgSchema.VERSION);

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
  void aReplicaStartingWhileAnotherMigratesWaitsLongerThanAnyOtherCall() throws Exception {
    // Another replica's migration (a large ledger's rollup takes minutes), held past the 5 s
    // that other calls wait for PostgreSQL.
    Pool other = PgBuilder.pool()
        .connectingTo(PgStore.options(dev.sluice.config.JdbcUrl.parse(shared.postgres())))
        .using(vertx).build();
    try {
      io.vertx.sqlclient.SqlConnection migrating = PgStore.await(other.getConnection());
      PgStore.await(migrating.query("SELECT pg_advisory_lock(" + PgSchema.MIGRATION_LOCK + ")").execute());
      long held = PgStore.TIMEOUT.toMillis() + 1_000;
      vertx.setTimer(held, id -> migrating.query(
          "SELECT pg_advisory_unlock(" + PgSchema.MIGRATION_LOCK + ")").execute());
      long start = System.nanoTime();
      try (PgStore store = PgStore.open(vertx, shared.postgres(), dir.resolve("a"))) {
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(held));
        store.ledger().append(TestRecords.usage("r1", T0, "k1", "t", "p", "gpt-4o", "openai", 10, 5, 0, 100));
        store.ledger().flush();
        assertThat(store.ledger().spendSince(T0).key("k1")).isEqualTo(100);
      }
    } finally {
      other.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void replicasWritingTheSameNamesAtOnceLoseNothingAndKeepRollupRowsOfTheirOwn() throws Exception {
    try (PgStore a = PgStore.open(vertx, shared.postgres(), dir.resolve("a"));
        PgStore b = PgStore.open(vertx, shared.postgres(), dir.resolve("b"))) {
      List<Thread> writers = new java.util.ArrayList<>();
      for (PgStore store : List.of(a, b)) {
        writers.add(Thread.ofPlatform().start(() -> {
          for (int batch = 0; batch < 20; batch++) {
            for (int i = 0; i < 100; i++) {
              // the same names from both replicas, over two days
              store.ledger().append(TestRecords.usage("r" + batch + "-" + i + "-" + store.hashCode(),
                  T0.plus(Duration.ofDays(i % 2)), "k" + (i % 3), "t", "p", "gpt-4o", "openai",
                  10, 5, 0, 100));
            }
            store.ledger().flush(); // one batch a flush, the two replicas' at the same time
          }
        }));
      }
      for (Thread writer : writers) {
        writer.join();
      }
      assertThat(a.ledger().usage(List.of("key"), TestRecords.midnightOf(T0), null))
          .containsExactly(
              new UsageRow(List.of("k0"), 1_360, 13_600, 6_800, 0, 136_000),
              new UsageRow(List.of("k1"), 1_320, 13_200, 6_600, 0, 132_000),
              new UsageRow(List.of("k2"), 1_320, 13_200, 6_600, 0, 132_000));
      // Each replica adds to rows of its own: their commits never wait on each other's rows.
      assertThat(shared.count("SELECT count(DISTINCT replica) FROM sluice_ledger_daily")).isEqualTo(2);
      assertThat(dir.resolve("a").resolve("ledger.spool")).doesNotExist(); // no batch was refused
      assertThat(dir.resolve("b").resolve("ledger.spool")).doesNotExist();
    }
  }

  @Test
  void aSchemaOneDatabaseGetsItsDailyRollupAndRecordsOfOlderReplicasStillCount() throws Exception {
    // The previous version's writer: one INSERT a record, pipelined.
    String oneByOne = "INSERT INTO sluice_ledger (" + String.join(", ", LedgerSchema.COLUMNS)
        + ") VALUES (" + java.util.stream.IntStream.rangeClosed(1, LedgerSchema.COLUMNS.size())
            .mapToObj(i -> "$" + i).collect(java.util.stream.Collectors.joining(", "))
        + ") ON CONFLICT (entry_id) DO NOTHING";
    Pool old = PgBuilder.pool()
        .connectingTo(PgStore.options(dev.sluice.config.JdbcUrl.parse(shared.postgres())))
        .using(vertx).build();
    List<LedgerRecord> before = List.of(
        TestRecords.usage("r1", T0, "k1", "t", "p", "gpt-4o", "openai", 10, 5, 0, 100).withEntryId(1),
        TestRecords.usage("r2", T0.plus(Duration.ofDays(1)), "k1", "t", "p", "gpt-4o", "openai", 20, 5, 0, 200).withEntryId(2),
        TestRecords.usage("r3", T0, "k2", null, null, "claude", "anthropic", -1, -1, -1, 0).withEntryId(3));
    PgSchema.migrate(old, shared.schema(), 1);
    java.util.function.Function<LedgerRecord, Tuple> row = r -> Tuple.from(TestRecords.columnValues(r));
    PgStore.await(old.preparedQuery(oneByOne).executeBatch(before.stream().map(row).toList()));

    try (PgStore store = PgStore.open(vertx, shared.postgres(), dir.resolve("a"))) {
      assertThat(shared.count("SELECT max(version) FROM sluice_schema_version")).isEqualTo(PgSchema.VERSION);
      // An older replica still running writes on; the database adds its records to the rollup.
      LedgerRecord late = TestRecords.usage("r4", T0, "k1", "t", "p", "gpt-4o", "openai", 1, 1, 0, 5).withEntryId(4);
      PgStore.await(old.preparedQuery(oneByOne).executeBatch(List.of(row.apply(late), row.apply(before.get(0)))));
      // Whole days, from sluice_ledger_daily:
      assertThat(store.ledger().usage(List.of("key", "day"), null, null)).containsExactly(
          new UsageRow(List.of("k1", "2026-03-01"), 2, 11, 6, 0, 105),
          new UsageRow(List.of("k1", "2026-03-02"), 1, 20, 5, 0, 200),
          new UsageRow(List.of("k2", "2026-03-01"), 1, 0, 0, 0, 0));
      assertThat(store.ledger().spendSince(TestRecords.midnightOf(T0)).team("t")).isEqualTo(305);
      assertThat(shared.count("SELECT sum(requests) FROM sluice_ledger_daily")).isEqualTo(4);
    } finally {
      old.close().await(10, TimeUnit.SECONDS);
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
