package dev.sluice.provider;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.ConfigResult;
import dev.sluice.server.Gateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A real gateway on loopback ports for the providers' end-to-end tests, configured from YAML,
 * with its access log in a temporary file: the pattern of {@code e2e.GatewayHarness}, which is
 * package-private there. Shared by the anthropic, bedrock, gemini, vertex and azure tests.
 */
public final class GatewayForProviderTests implements AutoCloseable {
  public static final String KEY = "sk-sluice-provider-e2e-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Gateway gateway;
  private final Path accessLog;
  private final OpenAIClient client;

  private GatewayForProviderTests(Gateway gateway, Path accessLog) {
    this.gateway = gateway;
    this.accessLog = accessLog;
    this.client = OpenAIOkHttpClient.builder()
        .baseUrl("http://127.0.0.1:" + gateway.dataPort() + "/v1")
        .apiKey(KEY)
        .maxRetries(0)
        .timeout(Duration.ofSeconds(20)) // a lost answer fails the test instead of hanging it
        .build();
  }

  /**
   * Starts a gateway with {@code backendsAndRoutes} (YAML: backends and routes; a key section
   * with {@link #KEY} is added) and {@code ${VAR}}s from {@code env}.
   */
  public static GatewayForProviderTests start(String backendsAndRoutes, Map<String, String> env) {
    return startWithOwnKeys("""
        keys:
          - { id: tester, key: "%s", owner: tester }
        """.formatted(KEY) + backendsAndRoutes, env);
  }

  /** {@code body}: the whole config after the server, observability and store sections. */
  public static GatewayForProviderTests startWithOwnKeys(String body, Map<String, String> env) {
    try {
      Path dir = Files.createTempDirectory("sluice-provider-e2e");
      Path accessLog = dir.resolve("access.log");
      String yaml = """
          server: { host: 127.0.0.1, port: 0, adminPort: 0, maxRequestBytes: 64KiB, drainTimeout: 1s }
          observability: { accessLog: { to: "file:%s" } }
          store: { path: "%s" }
          """.formatted(accessLog, dir.resolve("data")) + body;
      ConfigResult result = ConfigLoader.parse(yaml, env);
      if (!result.isValid()) {
        throw new AssertionError("test config invalid: " + result.problems());
      }
      return new GatewayForProviderTests(Gateway.start(result.config()), accessLog);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The gateway's data-plane address, for raw HTTP and the Anthropic SDK. */
  public String baseUrl() {
    return "http://127.0.0.1:" + gateway.dataPort();
  }

  /** The official OpenAI SDK, pointed at this gateway with the client key; no retries. */
  public OpenAIClient client() {
    return client;
  }

  /** Waits until the access log has a record that matches, and returns it. */
  public JsonNode accessRecord(Predicate<JsonNode> matches) {
    return await().atMost(Duration.ofSeconds(10))
        .until(() -> readAccessLog().stream().filter(matches).findFirst(), Optional::isPresent)
        .orElseThrow();
  }

  /** Waits until the access log has at least {@code n} records, and returns them all. */
  public List<JsonNode> accessRecords(int n) {
    await().atMost(Duration.ofSeconds(10)).until(() -> readAccessLog().size() >= n);
    return readAccessLog();
  }

  private List<JsonNode> readAccessLog() {
    try {
      List<JsonNode> records = new ArrayList<>();
      if (Files.exists(accessLog)) {
        for (String line : Files.readAllLines(accessLog)) {
          if (!line.isBlank()) {
            records.add(JSON.readTree(line));
          }
        }
      }
      return records;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    client.close();
    gateway.close();
  }
}
