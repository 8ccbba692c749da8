package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.config.ConfigLoader;
import dev.sluice.observe.Telemetry;
import dev.sluice.server.Gateway;
import dev.sluice.testkit.FakeProvider;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload: on POST /admin/reload and when the file changes; an invalid file changes nothing. */
class ReloadTest {
  static final String ADMIN = "admin-token-0123456789abcdef";
  static final String KEY = "sk-test-reload-0123456789";

  @TempDir
  Path dir;
  FakeProvider first;
  FakeProvider second;
  Gateway gateway;
  Path file;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  String config(String backendUrl, String extra) {
    return """
        server: { host: 127.0.0.1, port: 0, adminPort: 0, drainTimeout: 1s }
        admin: { token: %s }
        observability: { accessLog: { to: none } }
        store: { path: "%s" }
        backends: [ { name: fake, type: openai-compatible, url: "%s" } ]
        routes: [ { name: all, targets: [ { backend: fake } ] } ]
        keys: [ { id: k, key: %s, owner: o, limits: [ { requests: 3, per: 1m } ] } ]
        """.formatted(ADMIN, dir.resolve("data"), backendUrl, KEY) + extra;
  }

  @BeforeEach
  void start() throws Exception {
    first = FakeProvider.start();
    second = FakeProvider.start();
    file = dir.resolve("sluice.yaml");
    Files.writeString(file, config(first.baseUrl(), ""));
    gateway = Gateway.start(ConfigLoader.load(file, java.util.Map.of()).config(), file);
  }

  @AfterEach
  void stop() {
    gateway.close();
    first.close();
    second.close();
  }

  private int chat() throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.dataPort()
            + "/v1/chat/completions"))
        .header("authorization", "Bearer " + KEY)
        .POST(HttpRequest.BodyPublishers.ofString(GatewayHarness.chatBody("m", "hi"))).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private HttpResponse<String> reload() throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.adminPort()
            + "/admin/reload"))
        .header("authorization", "Bearer " + ADMIN).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void rewrite(String text) throws Exception {
    Files.writeString(file, text);
    // A distinct modification time even on file systems with coarse timestamps.
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
  }

  @Test
  void aReloadSendsNewRequestsWhereTheNewFileSaysAndKeepsTheCounters() throws Exception {
    assertThat(chat()).isEqualTo(200);
    assertThat(chat()).isEqualTo(200);
    rewrite(config(second.baseUrl(), ""));

    HttpResponse<String> reloaded = reload();

    assertThat(reloaded.statusCode()).isEqualTo(200);
    assertThat(GatewayHarness.json(reloaded.body()).path("reloaded").asBoolean()).isTrue();
    assertThat(chat()).isEqualTo(200); // the key's third request of the minute ...
    assertThat(second.requestCount()).isEqualTo(1); // ... went to the new backend
    assertThat(chat()).isEqualTo(429); // the unchanged limit kept its count across the reload
  }

  @Test
  void anInvalidFileIsRefusedWithItsProblemsAndTheOldConfigStays() throws Exception {
    rewrite(config(first.baseUrl(), "").replace("backend: fake", "backend: nowhere"));

    HttpResponse<String> refused = reload();

    assertThat(refused.statusCode()).isEqualTo(400);
    JsonNode body = GatewayHarness.json(refused.body());
    assertThat(body.path("problems").get(0).asText())
        .isEqualTo("routes[0].targets[0].backend: unknown backend 'nowhere'");
    assertThat(chat()).isEqualTo(200);
    assertThat(first.requestCount()).isEqualTo(1);
  }

  @Test
  void listeningSettingsChangeOnlyAtARestart() throws Exception {
    rewrite(config(first.baseUrl(), "").replace("drainTimeout: 1s", "drainTimeout: 2s"));

    HttpResponse<String> refused = reload();

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("change only at a restart");
  }

  @Test
  void theSampleRatioAndContentCaptureApplyLiveTheRestOfObservabilityAtARestart() throws Exception {
    String quiet = "observability: { accessLog: { to: none } }";
    String traced = "observability: { accessLog: { to: none }, prometheus: false,"
        + " otlp: { endpoint: \"http://127.0.0.1:9\", metrics: false, sampleRatio: %s }, captureContent: %s }";
    gateway.close();
    rewrite(config(first.baseUrl(), "").replace(quiet, traced.formatted("0.0", "false")));
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    var loaded = ConfigLoader.load(file, java.util.Map.of()).config();
    gateway = Gateway.start(loaded, file,
        Telemetry.of(loaded.observability(), spans, null));
    assertThat(chat()).isEqualTo(200);
    assertThat(spans.getFinishedSpanItems()).isEmpty(); // sampled at 0: nothing recorded

    rewrite(config(first.baseUrl(), "").replace(quiet, traced.formatted("1.0", "true")));
    assertThat(reload().statusCode()).isEqualTo(200);
    assertThat(chat()).isEqualTo(200);

    SpanData server = await().atMost(Duration.ofSeconds(5)).until(() -> spans.getFinishedSpanItems()
        .stream().filter(s -> s.getKind() == SpanKind.SERVER).toList(), list -> !list.isEmpty()).getFirst();
    assertThat(server.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages"))).contains("hi");

    rewrite(config(first.baseUrl(), "").replace(quiet, traced.formatted("1.0", "true")
        .replace("prometheus: false", "prometheus: true")));
    HttpResponse<String> refused = reload();
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("observability.prometheus").contains("change only at a restart");
  }

  @Test
  void aChangedFileIsReloadedWithoutBeingAsked() throws Exception {
    rewrite(config(second.baseUrl(), ""));

    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .until(() -> gateway.config().backends().getFirst().url().equals(second.baseUrl()));
    assertThat(chat()).isEqualTo(200);
    assertThat(second.requestCount()).isEqualTo(1);
  }

  @Test
  void keysCreatedWhileReloadingAreServedByTheNewConfiguration() throws Exception {
    java.util.List<String> created = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    Thread creator = Thread.ofPlatform().start(() -> {
      for (int i = 0; i < 40; i++) {
        try {
          HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(
                  "http://127.0.0.1:" + gateway.adminPort() + "/admin/keys"))
              .header("authorization", "Bearer " + ADMIN)
              .POST(HttpRequest.BodyPublishers.ofString("{\"owner\": \"o" + i + "\"}")).build(),
              HttpResponse.BodyHandlers.ofString());
          assertThat(answer.statusCode()).isEqualTo(201);
          created.add(GatewayHarness.JSON.readTree(answer.body()).get("key").asText());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    });
    for (int i = 0; i < 40 && creator.isAlive(); i++) {
      assertThat(reload().statusCode()).isEqualTo(200);
    }
    creator.join();

    assertThat(created).hasSize(40);
    for (String key : created) {
      int status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
              + gateway.dataPort() + "/v1/models")).header("authorization", "Bearer " + key).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode();
      assertThat(status).as("key created during reloads").isEqualTo(200);
    }
  }
}
