package dev.sluice.provider.bedrock;

import dev.sluice.config.ConfigLoader;
import dev.sluice.config.ConfigResult;
import dev.sluice.server.Gateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real gateway on loopback ports for this package's end-to-end test, configured from YAML
 * (the pattern of {@code e2e.GatewayHarness}, which is package-private there).
 */
final class BedrockGateway implements AutoCloseable {
  private final Gateway gateway;

  private BedrockGateway(Gateway gateway) {
    this.gateway = gateway;
  }

  /** {@code body} is the config after the server, observability and store sections. */
  static BedrockGateway start(String body, Map<String, String> env) throws Exception {
    Path dir = Files.createTempDirectory("sluice-bedrock-e2e");
    String yaml = """
        server: { host: 127.0.0.1, port: 0, adminPort: 0, maxRequestBytes: 64KiB, drainTimeout: 1s }
        observability: { accessLog: { to: "file:%s" } }
        store: { path: "%s" }
        """.formatted(dir.resolve("access.log"), dir.resolve("data")) + body;
    ConfigResult result = ConfigLoader.parse(yaml, env);
    if (!result.isValid()) {
      throw new AssertionError("test config invalid: " + result.problems());
    }
    return new BedrockGateway(Gateway.start(result.config()));
  }

  String baseUrl() {
    return "http://127.0.0.1:" + gateway.dataPort();
  }

  @Override
  public void close() {
    gateway.close();
  }
}
