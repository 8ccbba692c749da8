package dev.sluice.provider.azure;

import dev.sluice.provider.GoldenCases;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AzureGoldenTest {
  static List<Path> cases() {
    return GoldenCases.of("azure");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void translatesAsTheGoldenFilesSay(Path dir) throws Exception {
    GoldenCases.check(dir, new AzureOpenAiProvider("azure-east", "", "azure-test-key", "2024-10-21",
        Map.of("gpt-4o", "gpt4o-prod", "text-embedding-3-small", "embed-small")));
  }
}
