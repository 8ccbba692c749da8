package dev.sluice.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.ConfigResult;
import dev.sluice.server.Gateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real gateway on loopback ports for end-to-end tests, configured from YAML (with
 * {@code ${VAR}}s from the given map), its access log in a temporary file.
 */
final class GatewayHarness implements AutoCloseable {
  static final String KEY = "sk-test-alice-0123456789";
  static final ObjectMapper JSON = new ObjectMapper();

  private Gateway gateway;
  private final Path accessLog;
  private final Path storeDir;
  private final dev.sluice.config.SluiceConfig config;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private GatewayHarness(Gateway gateway, Path accessLog, Path storeDir,
      dev.sluice.config.SluiceConfig config) {
    this.gateway = gateway;
    this.accessLog = accessLog;
    this.storeDir = storeDir;
    this.config = config;
  }

  /**
   * Starts a gateway. {@code body} is the config after the server and observability sections,
   * which the harness writes (ephemeral ports, access log to a file).
   */
  static GatewayHarness start(String body, Map<String, String> env) {
    return start("", body, env, null);
  }

  /**
   * Starts a gateway with more {@code observability} settings (YAML flow-mapping entries, e.g.
   * {@code "prometheus: false"}) and, unless null, the telemetry {@code telemetry} builds from
   * the parsed configuration instead of the configured one (in-memory exporters).
   */
  static GatewayHarness start(String observability, String body, Map<String, String> env,
      java.util.function.Function<dev.sluice.config.SluiceConfig, dev.sluice.observe.Telemetry> telemetry) {
    try {
      Path dir = Files.createTempDirectory("sluice-e2e");
      Path accessLog = dir.resolve("access.log");
      String yaml = """
          server: { host: 127.0.0.1, port: 0, adminPort: 0, maxRequestBytes: 64KiB, drainTimeout: 1s }
          observability: { accessLog: { to: "file:%s" }%s }
          store: { path: "%s" }
          """.formatted(accessLog, observability.isEmpty() ? "" : ", " + observability,
              dir.resolve("data")) + body;
      ConfigResult result = ConfigLoader.parse(yaml, env);
      if (!result.isValid()) {
        throw new AssertionError("test config invalid: " + result.problems());
      }
      Gateway gateway = telemetry == null ? Gateway.start(result.config())
          : Gateway.start(result.config(), null, telemetry.apply(result.config()));
      return new GatewayHarness(gateway, accessLog, dir.resolve("data"), result.config());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  /** Stops gracefully and starts again on the same configuration and store. */
  void restart() {
    gateway.close();
    try {
      gateway = Gateway.start(config);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The embedded store's folder (the usage ledger lives there). */
  Path storeDir() {
    return storeDir;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + gateway.dataPort();
  }

  int adminPort() {
    return gateway.adminPort();
  }

  HttpResponse<String> post(String path, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
        .timeout(Duration.ofSeconds(20))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request.build());
  }

  HttpResponse<String> chat(String body, String... headers) {
    String[] withKey = new String[headers.length + 2];
    withKey[0] = "authorization";
    withKey[1] = "Bearer " + KEY;
    System.arraycopy(headers, 0, withKey, 2, headers.length);
    return post("/v1/chat/completions", body, withKey);
  }

  HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
        .timeout(Duration.ofSeconds(20)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request.build());
  }

  /** A GET on the admin port, without the admin token. */
  HttpResponse<String> adminGet(String path) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort() + path))
        .timeout(Duration.ofSeconds(20)).GET().build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String chatBody(String model, String content) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
  }

  static String streamBody(String model, String content) {
    return "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
        + content + "\"}]}";
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the access log has at least {@code n} records, and returns them all. */
  List<JsonNode> accessRecords(int n) {
    await().atMost(Duration.ofSeconds(10)).until(() -> readAccessLog().size() >= n);
    return readAccessLog();
  }

  /** The raw access log text. */
  String accessLogText() {
    try {
      return Files.exists(accessLog) ? Files.readString(accessLog) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<JsonNode> readAccessLog() {
    List<JsonNode> records = new ArrayList<>();
    for (String line : accessLogText().split("\n")) {
      if (!line.isBlank()) {
        records.add(json(line));
      }
    }
    return records;
  }

  @Override
  public void close() {
    gateway.close();
  }
}
