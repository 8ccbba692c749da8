package dev.sluice.provider.gemini;

import dev.sluice.provider.GoldenCases;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GeminiGoldenTest {
  /** The Gemini API stamps no time on its answers: {@code created} comes from this clock. */
  static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochSecond(1750000000));

  static List<Path> cases() {
    return GoldenCases.of("gemini");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void translatesAsTheGoldenFilesSay(Path dir) throws Exception {
    GoldenCases.check(dir, new GeminiProvider("gemini", "", "gemini-test-key", CLOCK));
  }
}
