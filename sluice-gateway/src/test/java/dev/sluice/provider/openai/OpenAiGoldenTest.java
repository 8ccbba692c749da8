package dev.sluice.provider.openai;

import dev.sluice.provider.GoldenCases;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OpenAiGoldenTest {
  static List<Path> cases() {
    return GoldenCases.of("openai");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void translatesAsTheGoldenFilesSay(Path dir) throws Exception {
    GoldenCases.check(dir, new OpenAiProvider("openai", "openai", "", "sk-upstream-test"));
  }
}
