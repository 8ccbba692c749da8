package dev.sluice.config;

import static dev.sluice.config.ConfigTesting.MINIMAL;
import static dev.sluice.config.ConfigTesting.problems;
import static dev.sluice.config.ConfigTesting.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code teams[]} and {@code keys[]}. */
class AccessValidationTest {
  private static final String HASH_A = "sha256:" + "a".repeat(64);
  private static final String TEAMS = MINIMAL + """
      teams:
        - { name: research, projects: [ { name: search } ] }
      """;

  @Test
  void teamNamesAreRequiredAndUniqueAndProjectNamesUniqueWithinATeam() {
    assertThat(problems(MINIMAL + """
        teams:
          - { name: research, projects: [ { name: search }, { name: search }, {} ] }
          - { name: research }
          - { models: [gpt-4o] }
        """)).containsExactly(
            "teams[0].projects[1].name: duplicate name 'search' (already used by teams[0].projects[0])",
            "teams[0].projects[2].name: required",
            "teams[1].name: duplicate name 'research' (already used by teams[0])",
            "teams[2].name: required");
  }

  @Test
  void limitNeedsExactlyOneOfRequestsOrTokens() {
    assertThat(problems(MINIMAL + """
        teams:
          - name: t
            limits:
              - { per: 1m }
              - { requests: 1, tokens: 1, per: 1m }
        """)).containsExactly(
            "teams[0].limits[0]: exactly one of requests or tokens",
            "teams[0].limits[1]: exactly one of requests or tokens");
  }

  @Test
  void limitValuesAndWindowsMustBePositive() {
    assertThat(problems(MINIMAL + """
        teams:
          - name: t
            limits: [ { requests: 0, per: 1m }, { tokens: -5, per: 0s }, { tokens: 10 } ]
            projects: [ { name: p, limits: [ { requests: 0, per: 1m } ] } ]
        """)).containsExactly(
            "teams[0].limits[0].requests: 0 (expected: > 0)",
            "teams[0].limits[1].tokens: -5 (expected: > 0)",
            "teams[0].limits[1].per: 0s (expected: > 0)",
            "teams[0].limits[2].per: required (e.g. per: 1m)",
            "teams[0].projects[0].limits[0].requests: 0 (expected: > 0)");
  }

  @Test
  void budgetNeedsPositiveUsdAndACalendarWindow() {
    assertThat(problems(MINIMAL + """
        teams:
          - { name: a, budget: { usd: 0, per: month } }
          - { name: b, budget: { usd: 10, per: year } }
          - { name: c, budget: { per: day } }
          - { name: d, budget: { usd: 5 } }
        """)).containsExactly(
            "teams[0].budget.usd: 0 (expected: > 0)",
            "teams[1].budget.per: unknown window 'year' (expected: day, week, month)",
            "teams[2].budget.usd: required",
            "teams[3].budget.per: required (expected: day, week, month)");
  }

  @Test
  void emptyModelListIsAWarning() {
    assertThat(warnings(MINIMAL + "teams: [ { name: t, models: [] } ]\n"))
        .containsExactly("teams[0].models: empty list: no model is allowed (omit models to allow all)");
  }

  @Test
  void keyIdsAreRequiredUniqueAndPlain() {
    assertThat(problems(MINIMAL + """
        keys:
          - { hash: "%s" }
          - { id: "alice laptop", key: sk-1 }
          - { id: k, key: sk-2 }
          - { id: k, key: sk-3 }
        """.formatted(HASH_A))).containsExactly(
            "keys[0].id: required",
            "keys[1].id: invalid id 'alice laptop' (expected: letters, digits, '.', '_', '-')",
            "keys[3].id: duplicate id 'k' (already used by keys[2])");
  }

  @Test
  void keyNeedsExactlyOneOfHashOrKey() {
    assertThat(problems(MINIMAL + """
        keys:
          - { id: none }
          - { id: both, hash: "%s", key: sk-both }
        """.formatted(HASH_A))).containsExactly(
            "keys[0]: exactly one of hash or key",
            "keys[1]: exactly one of hash or key");
  }

  @Test
  void hashMustBeSha256InLowercaseHex() {
    assertThat(problems(MINIMAL + """
        keys:
          - { id: short, hash: "sha256:9f86d0..." }
          - { id: upper, hash: "sha256:%s" }
        """.formatted("A".repeat(64)))).containsExactly(
            "keys[0].hash: invalid hash (expected: sha256: and 64 lowercase hex digits, as printed by 'sluice hash-key')",
            "keys[1].hash: invalid hash (expected: sha256: and 64 lowercase hex digits, as printed by 'sluice hash-key')");
  }

  @Test
  void twoKeysWithTheSameSecretAreRejectedWithoutPrintingIt() {
    List<String> problems = problems(MINIMAL + """
        keys:
          - { id: a, hash: "%1$s" }
          - { id: b, hash: "%1$s" }
          - { id: c, key: sk-shared-secret }
          - { id: d, key: sk-shared-secret }
        """.formatted(HASH_A));

    assertThat(problems).containsExactly("keys[1].hash: same hash as keys[0]", "keys[3].key: same key as keys[2]");
    assertThat(String.join("\n", problems)).doesNotContain("sk-shared-secret");
  }

  @Test
  void plaintextKeyIsAWarningThatDoesNotPrintTheKey() {
    List<String> warnings = warnings(MINIMAL + "keys: [ { id: alice, key: sk-sluice-alice-secret } ]\n");

    assertThat(warnings).containsExactly(
        "keys[0].key: plaintext key in config; store 'sha256:…' from 'sluice hash-key' instead");
    assertThat(String.join("\n", warnings)).doesNotContain("sk-sluice-alice-secret");
  }

  @Test
  void keyTeamAndProjectMustExistAndBelongTogether() {
    assertThat(problems(TEAMS + """
        keys:
          - { id: a, hash: "%s", team: reserch }
          - { id: b, key: sk-b, project: search }
          - { id: c, key: sk-c, team: research, project: crm }
          - { id: d, key: sk-d, team: research, project: search }
        """.formatted(HASH_A))).containsExactly(
            "keys[0].team: unknown team 'reserch'",
            "keys[1].project: needs a team (a project belongs to a team; set team)",
            "keys[2].project: unknown project 'crm' of team 'research'");
  }

  @Test
  void keyLimitsBudgetAndModelsAreCheckedLikeTeams() {
    assertThat(problems(MINIMAL + """
        keys:
          - id: a
            hash: "%s"
            models: [""]
            limits: [ { requests: 0, per: 1m } ]
            budget: { usd: -1, per: fortnight }
        """.formatted(HASH_A))).containsExactly(
            "keys[0].models[0]: empty (expected: a model name or a glob such as gpt-4o-*)",
            "keys[0].limits[0].requests: 0 (expected: > 0)",
            "keys[0].budget.usd: -1 (expected: > 0)",
            "keys[0].budget.per: unknown window 'fortnight' (expected: day, week, month)");
  }
}
