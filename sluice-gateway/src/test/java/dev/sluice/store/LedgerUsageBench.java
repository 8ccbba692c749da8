package dev.sluice.store;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * A rough benchmark, run by hand (not a test): how long {@code /admin/usage} takes over a large
 * ledger, for ranges on UTC midnights and for ranges that end inside a day; the embedded ledger,
 * or with {@code postgres} the shared one in a schema of its own in the local PostgreSQL.
 * {@code java -cp <test classpath> dev.sluice.store.LedgerUsageBench [records] [days] [postgres]}
 *
 * <p>The records arrive in time order, one every {@code days / records} of the span, as a
 * gateway's would; one in a thousand is a long stream, written an hour after it started.
 */
public final class LedgerUsageBench {
  private LedgerUsageBench() {}

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    Path dir = Files.createTempDirectory("ledger-usage-bench");
    Instant end = Instant.parse("2026-06-30T13:17:00Z");
    Instant start = end.minus(Duration.ofDays(days));
    long stepMillis = Duration.ofDays(days).toMillis() / records;
    boolean postgres = args.length > 2 && args[2].equals("postgres");
    Vertx vertx = Vertx.vertx();
    SharedStoreFixture shared = postgres ? new SharedStoreFixture() : null;
    try (AutoCloseable store = postgres ? PgStore.open(vertx, shared.postgres(), dir) : SqliteLedger.open(dir)) {
      Ledger ledger = store instanceof PgStore pg ? pg.ledger() : (Ledger) store;
      long t0 = System.nanoTime();
      String[] teams = {"research", "ops", "search", "support"};
      for (int i = 0; i < records; i++) {
        long ts = start.toEpochMilli() + i * stepMillis;
        if (i % 1000 == 999) {
          ts -= Duration.ofHours(1).toMillis(); // a stream that started an hour before it ended
        }
        String team = teams[i % teams.length];
        ledger.append(TestRecords.usage("r" + i, Instant.ofEpochMilli(ts), "key-" + (i % 50), team,
            "p" + (i % 7), i % 3 == 0 ? "claude" : "gpt-4o", "openai", 100, 20, 0, 1_000));
      }
      ledger.flush();
      System.out.printf("%d records over %d days written in %.1f s%n", records, days,
          (System.nanoTime() - t0) / 1e9);

      Instant lastMidnight = TestRecords.midnightOf(end);
      time("the last hour, by team", () -> ledger.usage(List.of("team"), end.minus(Duration.ofHours(1)), end));
      time("the last 24 hours, by team and model",
          () -> ledger.usage(List.of("team", "model"), end.minus(Duration.ofDays(1)), end));
      time("an hour a week ago, by key",
          () -> ledger.usage(List.of("key"), end.minus(Duration.ofDays(7)), end.minus(Duration.ofDays(7)).plus(Duration.ofHours(1))));
      time("the last 7 days to now, by team",
          () -> ledger.usage(List.of("team"), end.minus(Duration.ofDays(7)), end));
      time("7 whole days, by team",
          () -> ledger.usage(List.of("team"), lastMidnight.minus(Duration.ofDays(7)), lastMidnight));
      time("everything, by day", () -> ledger.usage(List.of("day"), null, null));
      time("spend since the month began (a budget)", () -> {
        ledger.spendSince(end.atOffset(java.time.ZoneOffset.UTC).toLocalDate().withDayOfMonth(1)
            .atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        return List.of();
      });
    } finally {
      if (shared != null) {
        shared.close();
      }
      vertx.close();
    }
  }

  private static void time(String what, Supplier<List<UsageRow>> query) {
    long best = Long.MAX_VALUE;
    long requests = 0;
    for (int i = 0; i < 7; i++) {
      long t0 = System.nanoTime();
      List<UsageRow> rows = query.get();
      best = Math.min(best, System.nanoTime() - t0);
      requests = rows.stream().mapToLong(UsageRow::requests).sum();
    }
    System.out.printf("%-40s %8.2f ms (best of 7), %d requests%n", what, best / 1e6, requests);
  }
}
