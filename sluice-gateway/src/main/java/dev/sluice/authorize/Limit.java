package dev.sluice.authorize;

import java.time.Duration;

/**
 * One configured limit on one scope ("key 'alice'", "team 'research'"), with its live GCRA state.
 * The state is shared by every key under the scope: a team limit is one bucket for the team.
 *
 * @param limitHeader {@code limit} as the {@code x-ratelimit-limit-*} header writes it, made
 *     once: the tightest limit's goes out on every answer
 */
record Limit(String scope, Unit unit, long limit, Duration per, Gcra state, String limitHeader) {

  Limit(String scope, Unit unit, long limit, Duration per, Gcra state) {
    this(scope, unit, limit, per, state, Long.toString(limit));
  }

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
