package dev.sluice.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.PriceConfig;
import dev.sluice.provider.TokenUsage;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PriceTableTest {
  final PriceTable table = PriceTable.of(Map.of());

  @Test
  void findsExactAndVersionedModelNames() {
    assertThat(table.find("gpt-4o")).isEqualTo(new Price(2500, 10000, 1250));
    assertThat(table.find("gpt-4o-2024-08-06")).isEqualTo(table.find("gpt-4o"));
    assertThat(table.find("gpt-4o-mini-2024-07-18")).isEqualTo(table.find("gpt-4o-mini"));
    assertThat(table.find("anthropic.claude-3-5-sonnet-20240620-v1:0")).isEqualTo(new Price(3000, 15000, 300));
    assertThat(table.find("claude-sonnet-4-5-20250929")).isEqualTo(table.find("claude-sonnet-4-5"));
    assertThat(table.find("llama3.1")).isNull();
    assertThat(table.find("gpt")).isNull();
  }

  @Test
  void configOverridesTheBuiltInTable() {
    PriceTable custom = PriceTable.of(Map.of(
        "gpt-4o", new PriceConfig(new BigDecimal("2.00"), new BigDecimal("8"), null),
        "llama3.1", new PriceConfig(BigDecimal.ZERO, BigDecimal.ZERO, null)));

    assertThat(custom.find("gpt-4o")).isEqualTo(new Price(2000, 8000, 2000));
    assertThat(custom.find("llama3.1")).isEqualTo(new Price(0, 0, 0));
  }

  @Test
  void costsCachedPromptTokensAtTheCachedPrice() {
    Price gpt4o = table.find("gpt-4o");

    long nanos = gpt4o.cost(new TokenUsage(1_219, 2, 1_152, 0, 0));

    // 67 × $2.50/M + 1152 × $1.25/M + 2 × $10/M
    assertThat(Price.usd(nanos)).isEqualByComparingTo("0.0016275");
  }
}
