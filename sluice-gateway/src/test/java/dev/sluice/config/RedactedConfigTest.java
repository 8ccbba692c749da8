package dev.sluice.config;

import static dev.sluice.config.ConfigTesting.MINIMAL;
import static dev.sluice.config.ConfigTesting.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactedConfigTest {
  @Test
  void otlpHeaderValuesAreRedactedWhateverTheirName() {
    JsonNode tree = RedactedConfig.of(config(MINIMAL + """
        observability:
          otlp: { endpoint: "https://c:4318", headers: { Authorization: "Bearer ${T}", x-api-key: k-123 } }
        """, Map.of("T", "s3cret-token")));

    assertThat(tree.at("/observability/otlp/headers/Authorization").asText()).isEqualTo("<redacted>");
    assertThat(tree.at("/observability/otlp/headers/x-api-key").asText()).isEqualTo("<redacted>");
    assertThat(tree.at("/observability/otlp/endpoint").asText()).isEqualTo("https://c:4318");
    assertThat(tree.toString()).doesNotContain("s3cret-token").doesNotContain("k-123");
  }
}
