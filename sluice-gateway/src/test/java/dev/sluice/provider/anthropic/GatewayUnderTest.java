package dev.sluice.provider.anthropic;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * A real gateway on loopback ports, configured from YAML, its access log in a temporary file:
 * the pattern of {@code e2e.GatewayHarness}, which is package-private there.
 */
final class GatewayUnderTest implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Gateway gateway;
  private final Path accessLog;

  private GatewayUnderTest(Gateway gateway, Path accessLog) {
    this.gateway = gateway;
    this.accessLog = accessLog;
  }

  /** {@code body}: the config after the server, observability and store sections. */
  static GatewayUnderTest start(String body, Map<String, String> env) {
    try {
      Path dir = Files.createTempDirectory("sluice-anthropic-e2e");
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
      return new GatewayUnderTest(Gateway.start(result.config()), accessLog);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + gateway.dataPort();
  }

  /** Waits until the access log has at least {@code n} records, and returns them all. */
  List<JsonNode> accessRecords(int n) {
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> readAccessLog().size() >= n);
      return readAccessLog();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<JsonNode> readAccessLog() throws IOException {
    List<JsonNode> records = new ArrayList<>();
    if (Files.exists(accessLog)) {
      for (String line : Files.readAllLines(accessLog)) {
        if (!line.isBlank()) {
          records.add(JSON.readTree(line));
        }
      }
    }
    return records;
  }

  @Override
  public void close() {
    gateway.close();
  }
}
