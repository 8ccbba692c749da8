package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.ConfigLoader;
import dev.sluice.config.ConfigResult;
import dev.sluice.config.KeyConfig;
import dev.sluice.config.LimitConfig;
import dev.sluice.config.SluiceConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tokenizer's vocabulary is loaded at start (and when a key is registered), off the event
 * loops, exactly when some request will count tokens: otherwise the first such request stalls its event loop for ~100 ms.
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
    assertThat(GatewayCore.countsTokens(config("""
        teams:
          - { name: t, limits: [ { requests: 10, per: 1m } ] }
        """))).isFalse();
  }

  @Test
  void tokenLimitsAndBudgetsOnEveryLevelLoadIt() {
    assertThat(GatewayCore.countsTokens(config("""
        teams:
          - { name: t, limits: [ { tokens: 1000, per: 1m } ] }
        """))).isTrue();
    assertThat(GatewayCore.countsTokens(config("""
        teams:
          - { name: t, budget: { usd: 5, per: day } }
        """))).isTrue();
    assertThat(GatewayCore.countsTokens(config("""
        teams:
          - name: t
            projects: [ { name: p, budget: { usd: 5, per: day } } ]
        """))).isTrue();
    assertThat(GatewayCore.countsTokens(config("""
        keys:
          - { id: k, key: sk-test-0001, owner: o, limits: [ { tokens: 1000, per: 1m } ] }
        """))).isTrue();
  }

  @Test
  void aKeyCreatedAtRunTimeWithATokenLimitLoadsItWhenRegistered() {
    KeyConfig key = new KeyConfig("k", null, "sk-test-0001", "o", null, null, null,
        List.of(new LimitConfig(null, 1000L, Duration.ofMinutes(1))), null, null);
    KeyConfig requestsOnly = new KeyConfig("r", null, "sk-test-0002", "o", null, null, null,
        List.of(new LimitConfig(10L, null, Duration.ofMinutes(1))), null, null);
    assertThat(GatewayCore.countsTokens(config(""))).isFalse();
    // Revoked stored keys are never registered (GatewayCore.build), so they load nothing.
    assertThat(GatewayCore.countsTokens(key)).isTrue();
    assertThat(GatewayCore.countsTokens(requestsOnly)).isFalse();
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
    assertThat(GatewayCore.countsTokens(routed)).isTrue();
    SluiceConfig mock = parse("""
        backends:
          - { name: m, type: mock }
        routes:
          - { name: all, targets: [ { backend: m } ] }
        """);
    assertThat(GatewayCore.countsTokens(mock)).isTrue();
  }

  private static SluiceConfig parse(String yaml) {
    ConfigResult result = ConfigLoader.parse(yaml, Map.of());
    assertThat(result.problems()).isEmpty();
    return ((ConfigResult.Valid) result).config();
  }
}
