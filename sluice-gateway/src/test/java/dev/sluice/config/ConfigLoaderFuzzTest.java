package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;

/**
 * A config file is operator input, and a typo must produce {@code <path>: <reason>} lines, never
 * a stack trace: loading any text yields a valid config or problems, and never throws.
 */
class ConfigLoaderFuzzTest {

  @FuzzTest(maxDuration = "10s")
  void anyTextLoadsOrIsExplained(FuzzedDataProvider data) {
    ConfigResult result = ConfigLoader.parse(data.consumeRemainingAsString(), Map.of("KEY", "v"));

    assertThat(result.isValid() || !result.problems().isEmpty()).isTrue();
  }
}
