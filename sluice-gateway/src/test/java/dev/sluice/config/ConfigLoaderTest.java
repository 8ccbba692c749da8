package dev.sluice.config;

import static dev.sluice.config.ConfigTesting.MINIMAL;
import static dev.sluice.config.ConfigTesting.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.config.BackendConfig.Timeouts;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final Map<String, String> SPEC_ENV = Map.of(
      "SLUICE_ADMIN_TOKEN", "admin-token-0123456789",
      "OPENAI_API_KEY", "sk-openai",
      "AZURE_OPENAI_API_KEY", "azure-key",
      "ANTHROPIC_API_KEY", "sk-ant",
      "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE",
      "AWS_SECRET_ACCESS_KEY", "aws-secret",
      "GEMINI_API_KEY", "gemini-key");

  @Test
  void specExampleLoadsIntoRecords() throws URISyntaxException {
    Path file = Path.of(getClass().getResource("/config/spec-example.yaml").toURI());

    ConfigResult result = ConfigLoader.load(file, SPEC_ENV);

    assertThat(result.problems()).isEmpty();
    // The example shows every store field; for the embedded store the URLs are only noted.
    assertThat(result.warnings()).containsExactly(
        "store.redis: not used by store type embedded",
        "store.postgres: not used by store type embedded");
    SluiceConfig config = result.config();
    assertThat(config.server().host()).isEqualTo("0.0.0.0");
    assertThat(config.server().maxRequestBytes()).isEqualTo(ByteSize.ofMebibytes(10));
    assertThat(config.admin().token()).isEqualTo("admin-token-0123456789");
    assertThat(config.backends()).extracting(BackendConfig::name).containsExactly(
        "openai", "azure-east", "claude", "bedrock-us", "vertex", "gemini", "local");

    BackendConfig openai = config.backends().get(0);
    assertThat(openai.apiKey()).isEqualTo("sk-openai");
    assertThat(openai.timeouts()).isEqualTo(
        new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(60)));
    assertThat(openai.circuitBreaker().failureRate()).isEqualTo(new Percent(0.5));
    assertThat(openai.circuitBreaker().openFor()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.backends().get(1).deployments()).containsExactly(Map.entry("gpt-4o", "gpt4o-prod"));
    assertThat(config.backends().get(1).apiVersion()).isEqualTo("2024-10-21");
    BackendConfig bedrock = config.backends().get(3);
    assertThat(bedrock.aws().sessionToken()).isEmpty();
    assertThat(bedrock.url()).isEqualTo("https://bedrock-runtime.us-east-1.amazonaws.com");
    assertThat(config.backends().get(4).url()).isEqualTo("https://us-central1-aiplatform.googleapis.com");
    assertThat(config.backends().get(6).maxConcurrent()).isEqualTo(BackendConfig.DEFAULT_MAX_CONCURRENT);

    RouteConfig route = config.routes().getFirst();
    assertThat(route.match().headers()).containsEntry("x-env", List.of("prod"));
    assertThat(route.match().promptTokens()).isEqualTo(new RouteConfig.TokenRange(0L, 8000L));
    assertThat(route.targets().get(0)).isEqualTo(new RouteConfig.Target("openai", null, 3, 0));
    assertThat(route.targets().get(2)).isEqualTo(new RouteConfig.Target("local", "llama3.1", 1, 1));
    assertThat(route.retry().on()).containsExactly(
        "429", "500", "502", "503", "504", "connect-failure", "timeout");
    assertThat(route.retry().backoff().max()).isEqualTo(Duration.ofSeconds(2));
    assertThat(route.timeout()).isEqualTo(Duration.ofSeconds(120));

    TeamConfig research = config.teams().getFirst();
    assertThat(research.limits()).containsExactly(
        new LimitConfig(600L, null, Duration.ofMinutes(1)), new LimitConfig(null, 200_000L, Duration.ofMinutes(1)));
    assertThat(research.budget().usd()).isEqualByComparingTo("1000");
    assertThat(research.projects().getFirst().name()).isEqualTo("search");

    KeyConfig key = config.keys().getFirst();
    assertThat(key.hash()).startsWith("sha256:9f86d0");
    assertThat(key.expiresAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(key.models()).containsExactly("gpt-4o");
    assertThat(config.pricing().get("gpt-4o").input()).isEqualByComparingTo(new BigDecimal("2.50"));
    assertThat(config.observability().otlp().endpoint()).isEqualTo("http://127.0.0.1:4318");
    assertThat(config.observability().accessLog().to()).isEqualTo("stdout");
  }

  @Test
  void absentSectionsAndFieldsGetTheirDefaults() {
    SluiceConfig config = config(MINIMAL + """
        teams: [ { name: research } ]
        """);

    assertThat(config.server()).isEqualTo(ServerConfig.defaults());
    assertThat(config.server().port()).isEqualTo(8080);
    assertThat(config.server().drainTimeout()).isEqualTo(Duration.ofSeconds(30));
    RouteConfig route = config.routes().getFirst();
    assertThat(route.retry()).isEqualTo(RetryConfig.defaults());
    assertThat(route.targets().getFirst()).isEqualTo(new RouteConfig.Target("mock", null, 1, 0));
    assertThat(route.match().models()).isEmpty();
    assertThat(config.teams().getFirst().models()).isNull();
    assertThat(config.store()).isEqualTo(StoreConfig.defaults());
    assertThat(config.observability()).isEqualTo(ObservabilityConfig.defaults());
    assertThat(config.backends().getFirst().url()).isNull();
  }

  @Test
  void backendUrlDefaultsToTheProvidersEndpointWithoutTrailingSlash() {
    SluiceConfig config = config("""
        backends:
          - { name: openai, type: openai, apiKey: k }
          - { name: claude, type: anthropic, apiKey: k }
          - { name: gemini, type: gemini, apiKey: k }
          - { name: local, type: openai-compatible, url: "http://127.0.0.1:11434/" }
        """);

    assertThat(config.backends()).extracting(BackendConfig::url).containsExactly(
        "https://api.openai.com", "https://api.anthropic.com",
        "https://generativelanguage.googleapis.com", "http://127.0.0.1:11434");
  }

  @Test
  void missingFileIsOneProblemNamingTheFile(@TempDir Path dir) {
    Path file = dir.resolve("sluice.yaml");

    assertThat(ConfigLoader.load(file, Map.of()).problems())
        .containsExactly(new Problem(file.toString(), "file not found"));
  }

  @Test
  void directoryIsNotAConfigFile(@TempDir Path dir) {
    assertThat(ConfigLoader.load(dir, Map.of()).problems())
        .containsExactly(new Problem(dir.toString(), "is a directory (expected a YAML file)"));
  }

  @Test
  void fileThatIsNotUtf8IsReported(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});

    assertThat(ConfigLoader.load(file, Map.of()).problems())
        .containsExactly(new Problem(file.toString(), "not UTF-8 text"));
  }

  @Test
  void fileIsReadWithEnvironment(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("sluice.yaml"), MINIMAL + "server: { port: ${PORT} }\n");

    ConfigResult result = ConfigLoader.load(file, Map.of("PORT", "0"));

    assertThat(result.isValid()).isTrue();
    assertThat(result.config().server().port()).isZero();
  }

  @Test
  void byteOrderMarkIsIgnored(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("sluice.yaml"), "\uFEFF" + MINIMAL);

    assertThat(ConfigLoader.load(file, Map.of()).problems()).isEmpty();
  }

  @Test
  void invalidResultRefusesToHandOutAConfig() {
    ConfigResult result = ConfigLoader.parse("server: { port: -1, adminPort: -2 }\n", Map.of());

    assertThat(result.isValid()).isFalse();
    assertThat(result.warnings()).isEmpty();
    assertThatThrownBy(result::config).isInstanceOf(IllegalStateException.class)
        .hasMessage("invalid config: server.port: -1 (expected: 1 to 65535, or 0 for any free port)"
            + " (and 1 more)");
  }
}
