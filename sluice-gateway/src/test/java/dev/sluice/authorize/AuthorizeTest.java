package dev.sluice.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.authenticate.Principal;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.SluiceConfig;
import dev.sluice.pipeline.ClientChannel;
import dev.sluice.pipeline.RecordingChannel;
import dev.sluice.pipeline.Decision;
import dev.sluice.pipeline.Exchange;
import dev.sluice.provider.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stage 2 on its own, with time moved by hand. */
class AuthorizeTest {
  long now = 5_000_000_000L;
  final RecordingChannel recording = new RecordingChannel();
  final Map<String, String> headers = recording.headers();

  static SluiceConfig config(String yaml) {
    return ConfigLoader.parse("""
        backends: [ { name: m, type: mock } ]
        routes: [ { name: r, targets: [ { backend: m } ] } ]
        """ + yaml, Map.of()).config();
  }

  Exchange exchange(String keyId, String model, long maxTokens) {
    ClientChannel channel = recording;
    Exchange exchange = new Exchange("r", Endpoint.CHAT, name -> null, channel, now, 0);
    exchange.principal(new Principal(keyId, "o", null, null));
    byte[] body = ("{\"model\":\"" + model + "\",\"messages\":[]}").getBytes(StandardCharsets.UTF_8);
    exchange.request(new ClientRequest(Endpoint.CHAT, body, model, false, false, maxTokens));
    return exchange;
  }

  @Test
  void thePromptIsCountedForCallersWithATokenLimitIncludingKeysCreatedLater() {
    Authorize authorize = Authorize.of(config("""
        teams: [ { name: t, projects: [ { name: p, limits: [ { tokens: 500, per: 1m } ] } ] } ]
        keys:
          - { id: counted, key: sk-a-0123456789, owner: o, team: t, project: p }
          - { id: requests, key: sk-b-0123456789, owner: o, limits: [ { requests: 5, per: 1m } ] }
        """), new LimiterRegistry(), () -> now);

    assertThat(authorize.usesPromptTokens(exchange("counted", "m", -1))).as("project's").isTrue();
    assertThat(authorize.usesPromptTokens(exchange("requests", "m", -1))).isFalse();
    assertThat(authorize.usesPromptTokens(exchange("later", "m", -1))).isFalse();
    // A key created through the admin API, with a token limit the file has nowhere else.
    authorize.register(config("""
        keys: [ { id: later, key: sk-c-0123456789, owner: o, limits: [ { tokens: 9, per: 1h } ] } ]
        """).keys().getFirst());
    assertThat(authorize.usesPromptTokens(exchange("later", "m", -1))).isTrue();
  }

  @Test
  void aFullWindowRefillsAsTheClockMoves() {
    Authorize authorize = Authorize.of(config("""
        keys: [ { id: k, key: sk-a-0123456789, owner: o, limits: [ { requests: 2, per: 1m } ] } ]
        """), new LimiterRegistry(), () -> now);

    assertThat(authorize.apply(exchange("k", "m", -1))).isEqualTo(Decision.PROCEED);
    assertThat(authorize.apply(exchange("k", "m", -1))).isEqualTo(Decision.PROCEED);
    assertThat(authorize.apply(exchange("k", "m", -1))).isInstanceOf(Decision.Answer.class);
    now += Duration.ofSeconds(30).toNanos();
    assertThat(authorize.apply(exchange("k", "m", -1))).isEqualTo(Decision.PROCEED);
  }

  @Test
  void aRefusedRequestTakesNothingFromTheOtherLimits() {
    Authorize authorize = Authorize.of(config("""
        teams: [ { name: t, limits: [ { requests: 100, per: 1m } ] } ]
        keys:
          - { id: k, key: sk-a-0123456789, owner: o, team: t, limits: [ { requests: 1, per: 1m } ] }
          - { id: k2, key: sk-b-0123456789, owner: o, team: t }
        """), new LimiterRegistry(), () -> now);
    authorize.apply(exchange("k", "m", -1));

    for (int i = 0; i < 10; i++) {
      Decision.Answer refusal = (Decision.Answer) authorize.apply(exchange("k", "m", -1));
      assertThat(refusal.error().message()).contains("key 'k'");
    }
    authorize.apply(exchange("k2", "m", -1));

    // The team's bucket saw k's one admitted request and k2's, not the ten refused ones.
    assertThat(headers).containsEntry("x-ratelimit-remaining-requests", "98");
  }

  @Test
  void unusedTokensAreGivenBackAtSettlementAndOvershootIsCharged() {
    Authorize authorize = Authorize.of(config("""
        keys: [ { id: k, key: sk-a-0123456789, owner: o, limits: [ { tokens: 1000, per: 1m } ] } ]
        """), new LimiterRegistry(), () -> now);
    Exchange small = exchange("k", "m", 400);
    authorize.apply(small);
    small.usage(TokenUsage.of(3, 7));
    small.reservations().forEach(r -> r.settle(small));
    Exchange big = exchange("k", "m", 400);
    authorize.apply(big);
    big.usage(TokenUsage.of(300, 500)); // 400 over what it reserved (<= 403)
    big.reservations().forEach(r -> r.settle(big));

    authorize.apply(exchange("k", "m", 1));

    long remaining = Long.parseLong(headers.get("x-ratelimit-remaining-tokens"));
    assertThat(remaining).isBetween(1000L - 10 - 800 - 10, 1000L - 10 - 800); // minus the last estimate
  }

  @Test
  void aRequestThatNeverReachedAProviderGivesAllItsTokensBack() {
    Authorize authorize = Authorize.of(config("""
        keys: [ { id: k, key: sk-a-0123456789, owner: o, limits: [ { tokens: 1000, per: 1m } ] } ]
        """), new LimiterRegistry(), () -> now);
    Exchange failed = exchange("k", "m", 900);
    authorize.apply(failed);
    failed.reservations().forEach(r -> r.settle(failed)); // no usage, nothing streamed

    assertThat(authorize.apply(exchange("k", "m", 900))).isEqualTo(Decision.PROCEED);
  }

  @Test
  void unchangedLimitsKeepTheirStateAcrossAReload() {
    LimiterRegistry registry = new LimiterRegistry();
    String keys = "keys: [ { id: k, key: sk-a-0123456789, owner: o, limits: [ { requests: 1, per: 1m } ] } ]\n";
    Authorize before = Authorize.of(config(keys), registry, () -> now);
    before.apply(exchange("k", "m", -1));

    Authorize after = Authorize.of(config(keys + "estimates: { outputTokens: 10 }\n"), registry, () -> now);

    assertThat(after.apply(exchange("k", "m", -1))).isInstanceOf(Decision.Answer.class);
  }
}
