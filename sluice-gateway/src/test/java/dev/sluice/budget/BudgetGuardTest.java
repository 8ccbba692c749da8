package dev.sluice.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.api.GatewayError;
import dev.sluice.api.OpenAiErrors;
import dev.sluice.authenticate.Principal;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.SluiceConfig;
import dev.sluice.pipeline.Decision;
import dev.sluice.pipeline.Exchange;
import dev.sluice.provider.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stage 3 on its own, with the calendar moved by hand. */
class BudgetGuardTest {
  Instant now = Instant.parse("2026-11-27T23:59:00Z");
  final InstantSource clock = () -> now;
  // gpt-4o-mini: $0.15 in / $0.60 out per 1M tokens
  final PriceTable prices = PriceTable.of(Map.of());

  static SluiceConfig config(String yaml) {
    return ConfigLoader.parse("""
        backends: [ { name: m, type: mock } ]
        routes: [ { name: r, targets: [ { backend: m } ] } ]
        """ + yaml, Map.of()).config();
  }

  static Exchange exchange(String keyId, long maxTokens) {
    Exchange exchange = new Exchange("r", Endpoint.CHAT, name -> null, null, 0, 0);
    exchange.principal(new Principal(keyId, "o", null, null));
    byte[] body = "{\"model\":\"gpt-4o-mini\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);
    exchange.request(new ClientRequest(Endpoint.CHAT, body, "gpt-4o-mini", false, false, maxTokens));
    exchange.promptTokenEstimate(1_000); // counted prompt, fixed for arithmetic
    return exchange;
  }

  /** 1000 prompt + 1000 output tokens of gpt-4o-mini: $0.00075. */
  static final long COST = 1_000 * 150 + 1_000 * 600;

  BudgetGuard guard(String usd, String per, SpendHistory history) {
    return BudgetGuard.of(config("keys: [ { id: k, key: sk-a-0123456789, owner: o, budget: { usd: "
        + usd + ", per: " + per + " } } ]\n"), prices, new BudgetRegistry(history), clock);
  }

  static void settle(Exchange exchange, TokenUsage usage) {
    exchange.attemptStarted("b", "gpt-4o-mini");
    exchange.usage(usage);
    exchange.reservations().forEach(r -> r.settle(exchange));
  }

  @Test
  void thePromptIsCountedForCallersWithABudgetIncludingKeysCreatedLater() {
    BudgetGuard guard = BudgetGuard.of(config("""
        teams: [ { name: t, budget: { usd: 5, per: day }, projects: [ { name: p } ] } ]
        keys:
          - { id: team, key: sk-a-0123456789, owner: o, team: t, project: p }
          - { id: free, key: sk-b-0123456789, owner: o }
        """), prices, new BudgetRegistry(SpendHistory.NONE), clock);

    assertThat(guard.usesPromptTokens(exchange("team", -1))).as("the team's budget").isTrue();
    assertThat(guard.usesPromptTokens(exchange("free", -1))).isFalse();
    guard.register(config("""
        keys: [ { id: later, key: sk-c-0123456789, owner: o, budget: { usd: 1, per: week } } ]
        """).keys().getFirst());
    assertThat(guard.usesPromptTokens(exchange("later", -1))).isTrue();
  }

  @Test
  void reservesTheEstimateSoTheBudgetCannotBeOverspentConcurrently() {
    BudgetGuard guard = guard("0.003", "day", SpendHistory.NONE); // exactly 4 estimates

    int admitted = 0;
    for (int i = 0; i < 10; i++) { // none settles: all in flight at once
      if (guard.apply(exchange("k", 1_000)) == Decision.PROCEED) {
        admitted++;
      }
    }

    assertThat(admitted).isEqualTo(4);
  }

  @Test
  void settlementGivesBackWhatTheAnswerDidNotUse() {
    BudgetGuard guard = guard("0.003", "day", SpendHistory.NONE);
    for (int i = 0; i < 4; i++) {
      Exchange e = exchange("k", 1_000);
      guard.apply(e);
      settle(e, TokenUsage.of(1_000, 0)); // used only the prompt: $0.00015 each
    }

    // 4 × $0.00015 spent = $0.0006; $0.0024 left: three more full estimates fit
    int admitted = 0;
    for (int i = 0; i < 10; i++) {
      if (guard.apply(exchange("k", 1_000)) == Decision.PROCEED) {
        admitted++;
      }
    }
    assertThat(admitted).isEqualTo(3);
  }

  @Test
  void theLargestMaxTokensIsRefusedNotWrappedIntoANegativeCost() {
    BudgetGuard guard = guard("100", "day", SpendHistory.NONE); // $100 a day

    assertThat(guard.apply(exchange("k", Long.MAX_VALUE))).isNotEqualTo(Decision.PROCEED);
    assertThat(guard.apply(exchange("k", 1_000))).isEqualTo(Decision.PROCEED); // nothing left over
  }

  @Test
  void aFullBudgetIs429InsufficientQuotaNamingTheBudget() {
    BudgetGuard guard = guard("0.00075", "day", SpendHistory.NONE);
    guard.apply(exchange("k", 1_000));

    Decision decision = guard.apply(exchange("k", 1_000));

    GatewayError error = ((Decision.Answer) decision).error();
    assertThat(error.status()).isEqualTo(429);
    assertThat(OpenAiErrors.type(error)).isEqualTo("insufficient_quota");
    assertThat(OpenAiErrors.code(error)).isEqualTo("budget_exceeded");
    assertThat(error.message()).contains("key 'k': $0.00075 per day");
    // Retry-After: the day renews at midnight UTC, a minute after this test's clock.
    assertThat(((GatewayError.BudgetExceeded) error).retryAfterSeconds()).isEqualTo(60);
  }

  @Test
  void theWindowRollsOverAtUtcMidnight() {
    BudgetGuard guard = guard("0.00075", "day", SpendHistory.NONE);
    Exchange spent = exchange("k", 1_000);
    guard.apply(spent);
    settle(spent, TokenUsage.of(1_000, 1_000));
    assertThat(guard.apply(exchange("k", 1_000))).isInstanceOf(Decision.Answer.class);

    now = Instant.parse("2026-11-28T00:00:00Z");

    assertThat(guard.apply(exchange("k", 1_000))).isEqualTo(Decision.PROCEED);
  }

  @Test
  void weeksStartOnMondayAndMonthsOnTheFirst() {
    Instant friday = Instant.parse("2026-11-27T15:00:00Z");
    assertThat(BudgetWindow.WEEK.start(friday)).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    assertThat(BudgetWindow.MONTH.start(friday)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(BudgetWindow.DAY.start(friday)).isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
    // and renew (a refusal's Retry-After) at the next of each
    assertThat(BudgetWindow.WEEK.next(friday)).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
    assertThat(BudgetWindow.MONTH.next(friday)).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(BudgetWindow.DAY.next(friday)).isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
    assertThat(BudgetWindow.MONTH.exhausted("key 'k'", friday).retryAfterSeconds())
        .isEqualTo(3 * 24 * 3600 + 9 * 3600);
  }

  @Test
  void whatTheLedgerSaysWasSpentCountsAfterARestart() {
    SpendHistory ledger = (scope, since) ->
        scope.kind() == SpendHistory.Scope.Kind.KEY && since.equals(Instant.parse("2026-11-01T00:00:00Z"))
            ? 999_000_000L : 0; // $0.999 spent this month
    BudgetGuard guard = guard("1", "month", ledger);

    assertThat(guard.apply(exchange("k", 1_000))).isEqualTo(Decision.PROCEED); // $0.99975
    assertThat(guard.apply(exchange("k", 1_000))).isInstanceOf(Decision.Answer.class);
  }

  @Test
  void aRequestThatNeverReachedAProviderCostsNothing() {
    BudgetGuard guard = guard("0.00075", "day", SpendHistory.NONE);
    Exchange failed = exchange("k", 1_000);
    guard.apply(failed);
    failed.reservations().forEach(r -> r.settle(failed));

    assertThat(guard.apply(exchange("k", 1_000))).isEqualTo(Decision.PROCEED);
  }
}
