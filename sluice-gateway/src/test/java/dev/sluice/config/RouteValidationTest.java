package dev.sluice.config;

import static dev.sluice.config.ConfigTesting.problems;
import static dev.sluice.config.ConfigTesting.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouteValidationTest {
  private static final String BACKENDS_AND_TEAMS = """
      admin: { token: 0123456789abcdef0123 }
      backends:
        - { name: a, type: mock }
        - { name: b, type: mock }
      teams:
        - { name: research, projects: [ { name: search } ] }
        - { name: sales, projects: [ { name: crm } ] }
      """;

  private static java.util.List<String> routeProblems(String routes) {
    return problems(BACKENDS_AND_TEAMS + routes);
  }

  @Test
  void routeNamesAreRequiredAndUnique() {
    assertThat(routeProblems("""
        routes:
          - { targets: [ { backend: a } ] }
          - { name: r, targets: [ { backend: a } ] }
          - { name: r, targets: [ { backend: a } ] }
        """)).containsExactly(
            "routes[0].name: required",
            "routes[2].name: duplicate name 'r' (already used by routes[1])");
  }

  @Test
  void routeNeedsATarget() {
    assertThat(routeProblems("routes: [ { name: r } ]\n"))
        .containsExactly("routes[0].targets: empty (expected: at least one target)");
  }

  @Test
  void targetMustNameADefinedBackend() {
    assertThat(routeProblems("""
        routes:
          - name: r
            targets:
              - { backend: a }
              - { backend: foo }
              - { model: gpt-4o }
        """)).containsExactly(
            "routes[0].targets[1].backend: unknown backend 'foo'",
            "routes[0].targets[2].backend: required");
  }

  @Test
  void weightAndPriorityMustNotBeNegative() {
    assertThat(routeProblems("""
        routes:
          - name: r
            targets: [ { backend: a, weight: -1, priority: -2 }, { backend: b, priority: -2 } ]
        """)).containsExactly(
            "routes[0].targets[0].weight: -1 (expected: >= 0)",
            "routes[0].targets[0].priority: -2 (expected: >= 0)",
            "routes[0].targets[1].priority: -2 (expected: >= 0)");
  }

  @Test
  void everyPriorityTierNeedsATargetWithWeight() {
    assertThat(routeProblems("""
        routes:
          - name: r
            targets:
              - { backend: a, weight: 0 }
              - { backend: b, weight: 1 }
              - { backend: a, weight: 0, priority: 1 }
        """)).containsExactly(
            "routes[0].targets: every target of priority 1 has weight 0 (expected: at least one with weight > 0)");
  }

  @Test
  void emptyTargetModelIsReported() {
    assertThat(routeProblems("routes: [ { name: r, targets: [ { backend: a, model: \"\" } ] } ]\n"))
        .containsExactly("routes[0].targets[0].model: empty (omit model to send the requested model)");
  }

  @Test
  void retrySettingsAreChecked() {
    assertThat(routeProblems("""
        routes:
          - name: r
            targets: [ { backend: a } ]
            retry:
              maxAttempts: 0
              on: [429, 600, 302, often, timeout, connect-failure]
              backoff: { initial: 0ms, max: 0ms, multiplier: 0.5, jitter: half }
            timeout: 0s
        """)).containsExactly(
            "routes[0].retry.maxAttempts: 0 (expected: >= 1)",
            "routes[0].retry.on[1]: unknown condition '600' (expected: an HTTP status 400 to 599,"
                + " connect-failure or timeout)",
            "routes[0].retry.on[2]: unknown condition '302' (expected: an HTTP status 400 to 599,"
                + " connect-failure or timeout)",
            "routes[0].retry.on[3]: unknown condition 'often' (expected: an HTTP status 400 to 599,"
                + " connect-failure or timeout)",
            "routes[0].retry.backoff.initial: 0s (expected: > 0)",
            "routes[0].retry.backoff.multiplier: 0.5 (expected: >= 1)",
            "routes[0].retry.backoff.jitter: unknown jitter 'half' (expected: full, none)",
            "routes[0].timeout: 0s (expected: > 0)");
  }

  @Test
  void retryBudgetSettingsAreChecked() {
    assertThat(routeProblems("""
        routes:
          - { name: r, targets: [ { backend: a } ],
              retry: { budget: { percent: 20%, window: 500ms, minPerSecond: -1 } } }
        """)).containsExactly(
            "routes[0].retry.budget.window: 500ms (expected: at least 1s)",
            "routes[0].retry.budget.minPerSecond: -1 (expected: >= 0)");
    assertThat(routeProblems("""
        routes:
          - { name: r, targets: [ { backend: a } ], retry: { budget: { percent: 120% } } }
        """)).containsExactly("routes[0].retry.budget.percent: invalid percentage '120%' (expected 0% to 100%, e.g. 50%)");
  }

  @Test
  void backoffMaxBelowInitialIsReported() {
    assertThat(routeProblems("""
        routes:
          - { name: r, targets: [ { backend: a } ], retry: { backoff: { initial: 1s, max: 500ms } } }
        """)).containsExactly("routes[0].retry.backoff.max: 500ms (expected: >= initial 1s)");
  }

  @Test
  void modelGlobsMustBeNonEmptyAndUseOnlyStarAndQuestionMark() {
    assertThat(routeProblems("""
        routes:
          - { name: r, match: { models: ["gpt-4o-*", "", "gpt-[45]o", "o?-mini"] }, targets: [ { backend: a } ] }
        """)).containsExactly(
            "routes[0].match.models[1]: empty (expected: a model name or a glob such as gpt-4o-*)",
            "routes[0].match.models[2]: invalid glob 'gpt-[45]o' (only * and ? are wildcards)");
  }

  @Test
  void matchedTeamsAndProjectsMustBeDefined() {
    assertThat(routeProblems("""
        routes:
          - { name: r1, match: { teams: [research, reserch] }, targets: [ { backend: a } ] }
          - { name: r2, match: { projects: [crm, nope] }, targets: [ { backend: a } ] }
          - { name: r3, match: { teams: [research], projects: [search, crm] }, targets: [ { backend: a } ] }
        """)).containsExactly(
            "routes[0].match.teams[1]: unknown team 'reserch'",
            "routes[1].match.projects[1]: unknown project 'nope'",
            "routes[2].match.projects[1]: unknown project 'crm' (not a project of research)");
  }

  @Test
  void headerConditionsNeedValidNamesAndValues() {
    assertThat(routeProblems("""
        routes:
          - name: r
            match: { headers: { "x env": prod, x-tier: [], x-ok: [a, b] } }
            targets: [ { backend: a } ]
        """)).containsExactly(
            "routes[0].match.headers.x env: invalid header name (expected letters, digits and '-', e.g. x-env)",
            "routes[0].match.headers.x-tier: empty (expected: a value or a list of values)");
  }

  @Test
  void promptTokenRangeMustBeOrderedAndNotNegative() {
    assertThat(routeProblems("""
        routes:
          - { name: r1, match: { promptTokens: { min: 8000, max: 100 } }, targets: [ { backend: a } ] }
          - { name: r2, match: { promptTokens: { min: -1 } }, targets: [ { backend: a } ] }
        """)).containsExactly(
            "routes[0].match.promptTokens.max: 100 (expected: >= min 8000)",
            "routes[1].match.promptTokens.min: -1 (expected: >= 0)");
  }

  @Test
  void emptyTargetEntryIsReported() {
    assertThat(routeProblems("""
        routes:
          - name: r
            targets:
              -
              - { backend: a }
        """)).containsExactly("routes[0].targets[0]: empty item");
  }

  @Test
  void configWithoutRoutesWarnsThatNothingIsServed() {
    assertThat(warnings("admin: { token: 0123456789abcdef0123 }\nbackends: [ { name: a, type: mock } ]\n"))
        .containsExactly("routes: none defined; every request is answered 404 model_not_found");
  }
}
