package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.ConfigLoader;
import dev.sluice.config.ConfigResult;
import dev.sluice.config.KeyConfig;
import dev.sluice.config.LimitConfig;
import dev.sluice.config.SluiceConfig;
import dev.sluice.store.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tokenizer's vocabulary is loaded at start, off the event loops, exactly when some request
 * will count tokens: otherwise the first such request stalls its event loop for ~100 ms.
 */
class TokenizerWarmUpTest {
  private static final String BASE = """
      backends:
        - { name: p, type: openai-compatible, url: "http://127.0.0.1:9" }
      routes:
        - { name: all, targets: [ { backend: p } ] }
      """;

  private static SluiceConfig config(String extra) {
    return parse(BASE + extra);
  }

  @Test
  void aConfigWithoutEstimatesLeavesTheVocabularyUnloaded() {
    assertThat(Gateway.countsTokens(config("""
        teams:
          - { name: t, limits: [ { requests: 10, per: 1m } ] }
        """), List.of())).isFalse();
  }

  @Test
  void tokenLimitsAndBudgetsOnEveryLevelLoadIt() {
    assertThat(Gateway.countsTokens(config("""
        teams:
          - { name: t, limits: [ { tokens: 1000, per: 1m } ] }
        """), List.of())).isTrue();
    assertThat(Gateway.countsTokens(config("""
        teams:
          - { name: t, budget: { usd: 5, per: day } }
        """), List.of())).isTrue();
    assertThat(Gateway.countsTokens(config("""
        teams:
          - name: t
            projects: [ { name: p, budget: { usd: 5, per: day } } ]
        """), List.of())).isTrue();
    assertThat(Gateway.countsTokens(config("""
        keys:
          - { id: k, key: sk-test-0001, owner: o, limits: [ { tokens: 1000, per: 1m } ] }
        """), List.of())).isTrue();
  }

  @Test
  void aKeyCreatedAtRunTimeWithATokenLimitLoadsItUnlessRevoked() {
    KeyConfig key = new KeyConfig("k", null, "sk-test-0001", "o", null, null, null,
        List.of(new LimitConfig(null, 1000L, Duration.ofMinutes(1))), null, null);
    SluiceConfig plain = config("");
    assertThat(Gateway.countsTokens(plain, List.of(new KeyStore.StoredKey(key, 1, 0, 1)))).isTrue();
    assertThat(Gateway.countsTokens(plain, List.of(new KeyStore.StoredKey(key, 1, 2, 1)))).isFalse();
  }

  @Test
  void routesOnPromptTokensAndTheMockCountToo() {
    SluiceConfig routed = parse("""
        backends:
          - { name: p, type: openai-compatible, url: "http://127.0.0.1:9" }
        routes:
          - { name: long, match: { promptTokens: { min: 8000 } }, targets: [ { backend: p } ] }
          - { name: all, targets: [ { backend: p } ] }
        """);
    assertThat(Gateway.countsTokens(routed, List.of())).isTrue();
    SluiceConfig mock = parse("""
        backends:
          - { name: m, type: mock }
        routes:
          - { name: all, targets: [ { backend: m } ] }
        """);
    assertThat(Gateway.countsTokens(mock, List.of())).isTrue();
  }

  private static SluiceConfig parse(String yaml) {
    ConfigResult result = ConfigLoader.parse(yaml, Map.of());
    assertThat(result.problems()).isEmpty();
    return ((ConfigResult.Valid) result).config();
  }
}
