package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenCounterTest {
  @Test
  void aRememberedSampleCountsTheSameAndTheMemoryStaysBounded() {
    String system = "You are a careful assistant. Answer in one short paragraph, cite sources.";
    int exact = TokenCounter.count(system);

    assertThat(TokenCounter.countSample(system)).isEqualTo(exact);
    assertThat(TokenCounter.countSample(new String(system))).isEqualTo(exact); // equal text, other instance
    for (int i = 0; i < 10_000; i++) {
      assertThat(TokenCounter.countSample("sample number " + i)).isEqualTo(TokenCounter.count("sample number " + i));
    }
    assertThat(TokenCounter.cachedSamples()).isLessThanOrEqualTo(4_096);
  }

  @Test
  void shortTextsAreCountedExactly() {
    String text = "The quick brown fox jumps over the lazy dog.";
    assertThat(TokenCounter.estimate(text)).isEqualTo(TokenCounter.count(text));
  }

  @Test
  void longTextsAreEstimatedWithinAFewPercent() {
    String prose = ("Sluice is the single control point between AI agents and model providers. "
        + "Every request passes six stages, in order, each able to answer the request itself; "
        + "limits and budgets reserve an estimate and settle to the real count. ").repeat(40);
    String code = "for (int i = 0; i < limits.size(); i++) { total += limits.get(i).cost(units); }\n"
        .repeat(60);

    for (String text : new String[] {prose, code}) {
      long exact = TokenCounter.count(text);
      assertThat(TokenCounter.estimate(text)).isBetween((long) (exact * 0.9), (long) (exact * 1.1));
    }
  }
}
