package dev.sluice.provider.anthropic;

import dev.sluice.provider.GoldenCases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AnthropicGoldenTest {
  /** The {@code created} time the golden client responses carry. */
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1741569952), ZoneOffset.UTC);

  static List<Path> cases() {
    return GoldenCases.of("anthropic");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void translatesAsTheGoldenFilesSay(Path dir) throws Exception {
    GoldenCases.check(dir, new AnthropicProvider("claude", "", "sk-ant-upstream-test", CLOCK));
  }
}
