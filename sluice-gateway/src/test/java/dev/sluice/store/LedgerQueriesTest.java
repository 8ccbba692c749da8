package dev.sluice.store;

import static dev.sluice.store.TestRecords.T0;
import static dev.sluice.store.TestRecords.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** spendSince and the /admin/usage rollups over one small ledger, with exact sums. */
class LedgerQueriesTest {
  static final Duration HOUR = Duration.ofHours(1);
  static final Duration DAY = Duration.ofDays(1);

  @TempDir Path dir;
  SqliteLedger ledger;

  @BeforeEach
  void fill() {
    ledger = SqliteLedger.open(dir);
    ledger.append(usage("r1", T0, "a1", "research", "search", "gpt-4o", "openai", 100, 10, 20, 1_000));
    ledger.append(usage("r2", T0.plus(HOUR), "a1", "research", "search", "gpt-4o", "azure", 200, 20, 0, 2_000));
    ledger.append(usage("r3", T0.plus(DAY), "a2", "research", "ranking", "claude", "anthropic", 300, 30, 100, 3_000));
    ledger.append(usage("r4", T0.plus(DAY).plus(HOUR), "b1", "ops", "search", "gpt-4o", "openai", 400, 40, 0, 4_000));
    // answered with an error: no usage reported, nothing charged
    ledger.append(usage("r5", T0.plus(DAY.multipliedBy(2)), "b1", "ops", "search", "gpt-4o", "openai", -1, -1, -1, 0));
    // rejected before authentication: no key, team or backend
    ledger.append(new LedgerRecord(T0.toEpochMilli(), "r6", null, null, null, null, null, "chat",
        "gpt-4o", null, null, 401, "invalid_api_key", false, 0, -1, -1, -1, 0, false, 200, -1, -1, null));
    ledger.flush();
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  @Test
  void spendSinceSumsPerKeyProjectAndTeamFromTheInstantOn() {
    SpendTotals all = ledger.spendSince(T0);
    assertThat(all.byKey()).isEqualTo(Map.of("a1", 3_000L, "a2", 3_000L, "b1", 4_000L));
    assertThat(all.byProject()).isEqualTo(
        Map.of("research/search", 3_000L, "research/ranking", 3_000L, "ops/search", 4_000L));
    assertThat(all.byTeam()).isEqualTo(Map.of("research", 6_000L, "ops", 4_000L));

    SpendTotals fromDay2 = ledger.spendSince(T0.plus(DAY)); // inclusive: r3 is exactly at the instant
    assertThat(fromDay2.key("a1")).isZero();
    assertThat(fromDay2.key("a2")).isEqualTo(3_000);
    assertThat(fromDay2.project("research", "ranking")).isEqualTo(3_000);
    assertThat(fromDay2.project("research", "search")).isZero();
    assertThat(fromDay2.team("research")).isEqualTo(3_000);
    assertThat(fromDay2.team("ops")).isEqualTo(4_000);
    assertThat(fromDay2.key(null)).isZero();

    assertThat(ledger.spendSince(T0.plus(DAY.multipliedBy(3)))).isEqualTo(SpendTotals.NONE);
  }

  @Test
  void noGroupsGivesOneRowOfTotalsWithUnknownTokensAsZero() {
    assertThat(ledger.usage(List.of(), null, null))
        .containsExactly(new UsageRow(List.of(), 6, 1_000, 100, 120, 10_000));
  }

  @Test
  void byTeamCountsRequestsWithoutATeamUnderNull() {
    assertThat(ledger.usage(List.of("team"), null, null)).containsExactly(
        row(Collections.singletonList(null), 1, 0, 0, 0, 0),
        row(List.of("ops"), 2, 400, 40, 0, 4_000),
        row(List.of("research"), 3, 600, 60, 120, 6_000));
  }

  @Test
  void byTeamAndModel() {
    assertThat(ledger.usage(List.of("team", "model"), T0, null)).containsExactly(
        row(Arrays.asList(null, "gpt-4o"), 1, 0, 0, 0, 0),
        row(List.of("ops", "gpt-4o"), 2, 400, 40, 0, 4_000),
        row(List.of("research", "claude"), 1, 300, 30, 100, 3_000),
        row(List.of("research", "gpt-4o"), 2, 300, 30, 20, 3_000));
  }

  @Test
  void byKeyAndDayInUtc() {
    assertThat(ledger.usage(List.of("key", "day"), T0, T0.plus(DAY.multipliedBy(3)))).containsExactly(
        row(Arrays.asList(null, "2026-03-01"), 1, 0, 0, 0, 0),
        row(List.of("a1", "2026-03-01"), 2, 300, 30, 20, 3_000),
        row(List.of("a2", "2026-03-02"), 1, 300, 30, 100, 3_000),
        row(List.of("b1", "2026-03-02"), 1, 400, 40, 0, 4_000),
        row(List.of("b1", "2026-03-03"), 1, 0, 0, 0, 0));
  }

  @Test
  void projectsAreNamedWithinTheirTeam() {
    assertThat(ledger.usage(List.of("project"), null, null)).containsExactly(
        row(Collections.singletonList(null), 1, 0, 0, 0, 0),
        row(List.of("ops/search"), 2, 400, 40, 0, 4_000),
        row(List.of("research/ranking"), 1, 300, 30, 100, 3_000),
        row(List.of("research/search"), 2, 300, 30, 20, 3_000));
  }

  @Test
  void groupsComeInTheCallersOrder() {
    assertThat(ledger.usage(List.of("backend", "team"), T0.plus(HOUR), T0.plus(DAY.multipliedBy(2))))
        .containsExactly(
            row(List.of("anthropic", "research"), 1, 300, 30, 100, 3_000),
            row(List.of("azure", "research"), 1, 200, 20, 0, 2_000),
            row(List.of("openai", "ops"), 1, 400, 40, 0, 4_000));
  }

  @Test
  void fromIsInclusiveAndToExclusive() {
    Instant day2 = T0.plus(DAY);
    assertThat(ledger.usage(List.of("day"), day2, day2.plus(HOUR)))
        .containsExactly(row(List.of("2026-03-02"), 1, 300, 30, 100, 3_000));
    assertThat(ledger.usage(List.of("team"), Instant.MIN, T0)).isEmpty();
    assertThat(ledger.usage(List.of(), Instant.MIN, Instant.MAX).getFirst().requests()).isEqualTo(6);
  }

  @Test
  void wholeDaysFromTheDailyRollupAgreeWithTheRecords() {
    // [day 1, day 4) is read from ledger_daily; [day 1 01:00, day 4 01:00) from the records, and
    // holds the same ones (all between 10:00 on day 1 and 10:00 on day 3).
    Instant day1 = TestRecords.midnightOf(T0);
    Instant day4 = day1.plus(DAY.multipliedBy(3));
    for (List<String> groups : List.of(List.<String>of(), List.of("team"), List.of("project"),
        List.of("key", "day"), List.of("model", "backend"), List.of("day", "team", "key"))) {
      List<UsageRow> fromDays = ledger.usage(groups, day1, day4);
      assertThat(fromDays).as("groupBy %s", groups)
          .isEqualTo(ledger.usage(groups, day1.plus(Duration.ofMinutes(60)), day4.plus(HOUR)))
          .isEqualTo(ledger.usage(groups, day1, null))
          .isEqualTo(ledger.usage(groups, null, null));
    }
    assertThat(ledger.usage(List.of("day"), day1, day1.plus(DAY)))
        .containsExactly(row(List.of("2026-03-01"), 3, 300, 30, 20, 3_000));
    assertThat(ledger.usage(List.of(), day4, null))
        .containsExactly(new UsageRow(List.of(), 0, 0, 0, 0, 0));

    Instant day2 = day1.plus(DAY);
    assertThat(ledger.spendSince(day2)).isEqualTo(ledger.spendSince(day2.plus(HOUR)));
    assertThat(ledger.spendSince(day2).team("research")).isEqualTo(3_000);
    assertThat(ledger.spendSince(day1)).isEqualTo(ledger.spendSince(T0));
  }

  @Test
  void rejectsUnknownAndRepeatedGroupNamesListingTheAllowedOnes() {
    assertThatThrownBy(() -> ledger.usage(List.of("team", "region"), null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("groupBy: \"region\" (expected any of: team, project, key, model, backend, day)");
    assertThatThrownBy(() -> ledger.usage(List.of("team", "team"), null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"team\" given twice");
    assertThat(Ledger.GROUPS).containsExactly("team", "project", "key", "model", "backend", "day");
  }

  private static UsageRow row(List<String> group, long requests, long in, long out, long cached, long cost) {
    return new UsageRow(group, requests, in, out, cached, cost);
  }
}
