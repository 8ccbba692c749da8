package dev.sluice.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.provider.GoldenCases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BedrockGoldenTest {
  static final String URL = "https://bedrock-runtime.us-east-1.amazonaws.com";
  static final String ACCESS_KEY = "AKIDEXAMPLE";
  static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  /** The golden files' signatures and {@code created} are for this instant. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-01T12:00:00Z"), ZoneOffset.UTC);
  static final String ID = "chatcmpl-bedrock-golden";

  static BedrockProvider provider() {
    return new BedrockProvider("bedrock-us", URL, "us-east-1", ACCESS_KEY, SECRET_KEY, null, CLOCK,
        () -> ID);
  }

  static List<Path> cases() {
    return GoldenCases.of("bedrock");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void translatesAsTheGoldenFilesSay(Path dir) throws Exception {
    GoldenCases.check(dir, provider());
  }

  /** The binary stream fixtures are generated from their readable source; they must not drift. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eventStreamFixturesMatchTheirReadableSource(Path dir) throws Exception {
    Path source = dir.resolve(GoldenEventStreams.SOURCE);
    Path binary = dir.resolve(GoldenEventStreams.BINARY);
    assertThat(Files.exists(source)).as("%s and %s come together", source, binary)
        .isEqualTo(Files.exists(binary));
    if (Files.exists(source)) {
      assertThat(Files.readAllBytes(binary)).as("%s regenerated from %s (run GoldenEventStreams)",
              binary, source)
          .isEqualTo(GoldenEventStreams.encode(Files.readAllLines(source)));
    }
  }
}
