package dev.sluice.provider.vertex;

import static org.awaitility.Awaitility.await;

import dev.sluice.provider.GoldenCases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VertexGoldenTest {
  static AccessTokenHolder tokens;
  static VertexProvider provider;

  @BeforeAll
  static void start() {
    tokens = AccessTokenHolder.start("vertex",
        () -> new AccessTokenHolder.Token("ya29.test-token", Instant.now().plus(Duration.ofHours(1))));
    await().atMost(Duration.ofSeconds(5)).until(() -> tokens.current() != null);
    provider = new VertexProvider("vertex", "", "my-project", "us-central1", tokens,
        InstantSource.fixed(Instant.ofEpochSecond(1750000000)));
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  static List<Path> cases() {
    return GoldenCases.of("vertex");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void translatesAsTheGoldenFilesSay(Path dir) throws Exception {
    GoldenCases.check(dir, provider);
  }
}
