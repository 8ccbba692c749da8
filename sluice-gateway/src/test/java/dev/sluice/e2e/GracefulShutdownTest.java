package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.FakeProvider;
import dev.sluice.testkit.FakeResponse;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice serve} as a process: on SIGTERM readiness turns 503 and new connections are
 * refused while an in-flight stream finishes; then the access log and ledger are flushed and the
 * process exits 0.
 */
class GracefulShutdownTest {
  @TempDir
  Path dir;

  @Test
  void sigtermDrainsInFlightStreamsFlushesTheLogAndExits0() throws Exception {
    try (FakeProvider provider = FakeProvider.start()) {
      provider.setDefault(FakeResponse.chatStream("m", List.of("a ", "b ", "c ", "d"), true, 5, 4)
          .withEventDelay(Duration.ofMillis(250)));
      int port = SluiceProcess.freePort();
      int adminPort = SluiceProcess.freePort();
      Path accessLog = dir.resolve("access.log");
      Process sluice = start(port, adminPort, "10s", provider);
      try {
        SluiceProcess.awaitListening(adminPort, sluice, dir.resolve("sluice.out")); // after the data port
        HttpRequest request = streamRequest(port);
        CompletableFuture<HttpResponse<String>> inFlight =
            HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofString());
        provider.awaitRequests(1, Duration.ofSeconds(5));

        sluice.destroy(); // SIGTERM

        HttpClient probe = HttpClient.newHttpClient();
        HttpRequest readyz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/readyz")).build();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
            assertThat(probe.send(readyz, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503));
        assertThat(inFlight).as("the stream is still being served").isNotDone();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()))
                .as("new connections are refused while draining")
                .isInstanceOf(java.io.IOException.class));

        HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(response.body()).contains("\"d\"").endsWith("data: [DONE]\n\n");
        assertThat(sluice.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(sluice.exitValue()).isZero();
        assertThat(Files.readString(accessLog)).contains("\"status\":200").contains("\"stream\":true");
        assertThat(Files.readString(dir.resolve("sluice.out"))).contains("draining").contains("stopped");
        try (java.sql.Connection ledger = java.sql.DriverManager.getConnection(
                "jdbc:sqlite:" + dir.resolve("data/ledger.db"));
            java.sql.ResultSet rows = ledger.createStatement().executeQuery(
                "SELECT count(*), sum(output_tokens) FROM ledger WHERE status = 200")) {
          assertThat(rows.getLong(1)).as("the drained stream is in the ledger").isEqualTo(1);
          assertThat(rows.getLong(2)).isEqualTo(4);
        }
      } finally {
        sluice.destroyForcibly();
      }
    }
  }



  @Test
  void aStreamLongerThanTheDrainEndsWithAnErrorEventAndIsChargedForWhatItStreamed() throws Exception {
    try (FakeProvider provider = FakeProvider.start()) {
      List<String> pieces = java.util.stream.IntStream.range(0, 40).mapToObj(i -> "w" + i + " ").toList();
      provider.setDefault(FakeResponse.chatStream("m", pieces, true, 5, 40)
          .withEventDelay(Duration.ofMillis(100))); // 4 s of stream against a 1.5 s drain
      int port = SluiceProcess.freePort();
      Path accessLog = dir.resolve("access.log");
      Process sluice = start(port, 0, "1500ms", provider);
      try {
        HttpRequest request = streamRequest(port);
        CompletableFuture<HttpResponse<String>> inFlight =
            HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofString());
        provider.awaitRequests(1, Duration.ofSeconds(5));

        sluice.destroy(); // SIGTERM

        HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS); // a whole answer
        assertThat(response.body()).contains("w0 ").doesNotContain("w39 ").doesNotContain("[DONE]");
        assertThat(response.body()).contains("event: error").contains("\"code\":\"server_shutting_down\"");
        assertThat(sluice.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(sluice.exitValue()).isZero();
        assertThat(Files.readString(accessLog)).contains("\"error_code\":\"server_shutting_down\"")
            .doesNotContain("client_disconnected");
        try (java.sql.Connection ledger = java.sql.DriverManager.getConnection(
                "jdbc:sqlite:" + dir.resolve("data/ledger.db"));
            java.sql.ResultSet rows = ledger.createStatement().executeQuery(
                "SELECT count(*), sum(output_tokens) FROM ledger")) {
          assertThat(rows.getLong(1)).isEqualTo(1);
          assertThat(rows.getLong(2)).as("charged for what was streamed").isBetween(1L, 39L);
        }
      } finally {
        sluice.destroyForcibly();
      }
    }
  }

  /** Sluice on {@code port}, serving {@code provider}, with this drain timeout; its data port open. */
  private Process start(int port, int adminPort, String drainTimeout, FakeProvider provider)
      throws Exception {
    Path config = dir.resolve("sluice.yaml");
    Files.writeString(config, """
        server: { host: 127.0.0.1, port: %d, adminPort: %d, drainTimeout: %s }
        backends: [ { name: fake, type: openai-compatible, url: "%s" } ]
        routes: [ { name: all, targets: [ { backend: fake } ] } ]
        keys: [ { id: k, key: sk-drain-test-key, owner: me } ]
        observability: { accessLog: { to: "file:%s" } }
        store: { path: "%s" }
        """.formatted(port, adminPort, drainTimeout, provider.baseUrl(), dir.resolve("access.log"),
        dir.resolve("data")));
    Path output = dir.resolve("sluice.out");
    Process sluice = SluiceProcess.start(config, output);
    try {
      SluiceProcess.awaitListening(port, sluice, output);
    } catch (Exception | AssertionError e) {
      sluice.destroyForcibly();
      throw e;
    }
    return sluice;
  }

  private static HttpRequest streamRequest(int port) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
        .header("authorization", "Bearer sk-drain-test-key")
        .POST(HttpRequest.BodyPublishers.ofString(GatewayHarness.streamBody("m", "hi"))).build();
  }
}
