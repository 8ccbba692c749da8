package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ranges that end inside a day read that day's records by the entry ids {@code ledger_daily}
 * keeps for it: every range must still sum exactly what a scan of every record would, including
 * the records written long after they started (a stream written the next day, a batch replayed
 * from the spool with its old entry ids).
 */
class LedgerRangeTest {
  static final Instant DAY1 = Instant.parse("2026-03-01T00:00:00Z");
  static final long HOUR = Duration.ofHours(1).toMillis();
  static final long DAY = Duration.ofDays(1).toMillis();

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(LedgerKind.class)
  void everyRangeSumsWhatAScanOfAllRecordsWould(LedgerKind kind) throws Exception {
    kind.run(dir, LedgerRangeTest::sumsEveryRangeAsAScan);
  }

  private static void sumsEveryRangeAsAScan(Ledger ledger) {
    Random random = new Random(7);
    List<LedgerRecord> written = new ArrayList<>();
    // Appended in the order they end; four days of requests, some of them long streams.
    List<long[]> startAndEnd = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      long start = DAY1.toEpochMilli() + (long) (random.nextDouble() * 4 * DAY);
      long duration = random.nextInt(20) == 0 ? (long) (random.nextDouble() * 5 * HOUR) : 200;
      startAndEnd.add(new long[] {start, start + duration});
    }
    startAndEnd.add(new long[] {DAY1.toEpochMilli() + DAY - 1, DAY1.toEpochMilli() + 2 * DAY + HOUR});
    startAndEnd.sort(Comparator.comparingLong(se -> se[1]));
    for (int i = 0; i < startAndEnd.size(); i++) {
      LedgerRecord r = record(random, "r" + i, startAndEnd.get(i)[0], 0);
      written.add(r);
      ledger.append(r);
      if (i % 37 == 0) {
        ledger.flush(); // many batches, so that days' rows are met again and their ranges grow
      }
    }
    // The last record of day 3, then a batch replayed from the spool with the same names: entry
    // ids from before all others, not in order (two event loops may queue theirs swapped),
    // times inside day 3 and on day 5, which had none. Each day's range must keep both ends.
    long day3 = DAY1.toEpochMilli() + 2 * DAY;
    LedgerRecord latest = usage("latest-of-day-3", day3 + 20 * HOUR, Long.MAX_VALUE / 2); // above every id given
    written.add(latest);
    ledger.append(latest);
    ledger.flush();
    for (int i = 0; i < 5; i++) {
      LedgerRecord r = usage("replayed" + i, i < 3 ? day3 + i * HOUR : day3 + 2 * DAY + i * HOUR, 5 - i);
      written.add(r);
      ledger.append(r);
    }
    ledger.append(latest); // and one already stored, replayed again: it counts once
    ledger.flush();

    // Open ends, and the furthest instants short of them (their days must not overflow).
    List<Long> edges = new ArrayList<>(Arrays.asList(Long.MIN_VALUE, Long.MAX_VALUE,
        Long.MIN_VALUE + 1, Long.MAX_VALUE - 1));
    for (int day = -1; day <= 5; day++) {
      long midnight = DAY1.toEpochMilli() + day * DAY;
      edges.addAll(List.of(midnight, midnight - 1, midnight + 1, midnight + 7 * HOUR + 123));
    }
    for (long from : edges) {
      for (long to : edges) {
        for (List<String> groups : List.of(List.<String>of(), List.of("team", "day"),
            List.of("project", "key"), List.of("model", "backend"))) {
          assertThat(ledger.usage(groups, instant(from), instant(to)))
              .as("groupBy %s over [%s, %s)", groups, instant(from), instant(to))
              .isEqualTo(scan(written, groups, from, to));
        }
      }
      SpendTotals spend = ledger.spendSince(instant(from));
      for (String key : List.of("k0", "k1", "k2", "k3")) {
        assertThat(spend.key(key)).as("key %s since %s", key, instant(from))
            .isEqualTo(written.stream().filter(w -> w.tsEpochMillis() >= from)
                .filter(w -> key.equals(w.keyId())).mapToLong(LedgerRecord::costNanos).sum());
      }
    }
  }

  private static LedgerRecord record(Random random, String id, long ts, long entryId) {
    String key = "k" + random.nextInt(4);
    String team = random.nextInt(10) == 0 ? null : "team" + random.nextInt(3);
    boolean answered = random.nextInt(8) != 0;
    return new LedgerRecord(ts, id, key, "owner", team, "p" + random.nextInt(2), "agent", "chat",
        random.nextBoolean() ? "gpt-4o" : "claude", "backend" + random.nextInt(2), "up",
        answered ? 200 : 502, answered ? null : "upstream_error", false, 1,
        answered ? random.nextInt(1000) : -1, answered ? random.nextInt(100) : -1,
        answered ? random.nextInt(50) : -1, answered ? random.nextInt(10_000) : 0, false, 200, -1,
        150, "route", entryId);
  }

  private static LedgerRecord usage(String id, long ts, long entryId) {
    return TestRecords.usage(id, Instant.ofEpochMilli(ts), "k0", "team0", "p0", "gpt-4o",
        "backend0", 100, 10, 0, 1_000).withEntryId(entryId);
  }

  /** What the ledger must answer, from every record. */
  private static List<UsageRow> scan(List<LedgerRecord> records, List<String> groups, long from, long to) {
    Map<String, Function<LedgerRecord, String>> by = Map.of(
        "team", LedgerRecord::team,
        "project", r -> r.team() == null || r.project() == null ? null : r.team() + "/" + r.project(),
        "key", LedgerRecord::keyId,
        "model", LedgerRecord::model,
        "backend", LedgerRecord::backend,
        "day", r -> Instant.ofEpochMilli(r.tsEpochMillis()).atOffset(ZoneOffset.UTC).toLocalDate().toString());
    Map<List<String>, long[]> sums = new HashMap<>();
    if (groups.isEmpty()) {
      sums.put(List.of(), new long[5]); // no groups: one row, even of zeros
    }
    for (LedgerRecord r : records) {
      if (r.tsEpochMillis() < from || r.tsEpochMillis() >= to) {
        continue;
      }
      List<String> group = groups.stream().map(g -> by.get(g).apply(r)).toList();
      long[] s = sums.computeIfAbsent(group, g -> new long[5]);
      s[0]++;
      s[1] += Math.max(0, r.inputTokens());
      s[2] += Math.max(0, r.outputTokens());
      s[3] += Math.max(0, r.cachedInputTokens());
      s[4] += r.costNanos();
    }
    Comparator<List<String>> order = (a, b) -> {
      for (int i = 0; i < a.size(); i++) {
        int c = Comparator.nullsFirst(Comparator.<String>naturalOrder()).compare(a.get(i), b.get(i));
        if (c != 0) {
          return c;
        }
      }
      return 0;
    };
    return sums.entrySet().stream().sorted(Map.Entry.comparingByKey(order))
        .map(e -> new UsageRow(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2],
            e.getValue()[3], e.getValue()[4]))
        .toList();
  }

  private static Instant instant(long millis) {
    return millis == Long.MIN_VALUE ? Instant.MIN
        : millis == Long.MAX_VALUE ? Instant.MAX : Instant.ofEpochMilli(millis);
  }
}
