package dev.sluice.authorize;

import java.time.Duration;

/**
 * One configured limit on one scope ("key 'alice'", "team 'research'"), with its live GCRA state.
 * The state is shared by every key under the scope: a team limit is one bucket for the team.
 */
record Limit(String scope, Unit unit, long limit, Duration per, Gcra state) {

  /** What a limit counts. */
  enum Unit {
    REQUESTS("requests"),
    TOKENS("tokens");

    final String word;

    Unit(String word) {
      this.word = word;
    }
  }

  /** "team 'research': 600 requests per 1m". */
  String describe() {
    return scope + ": " + limit + " " + unit.word + " per " + Durations.format(per);
  }
}
