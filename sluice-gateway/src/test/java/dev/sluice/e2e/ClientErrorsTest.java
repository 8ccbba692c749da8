package dev.sluice.e2e;

import static dev.sluice.e2e.GatewayHarness.chatBody;
import static dev.sluice.e2e.GatewayHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.testkit.FakeProvider;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear error in OpenAI's shape, is logged once, and never reaches a provider. */
class ClientErrorsTest {
  static FakeProvider provider;
  static GatewayHarness gateway;

  @BeforeAll
  static void start() {
    provider = FakeProvider.start();
    gateway = GatewayHarness.start("""
        backends:
          - { name: primary, type: openai, url: "${PRIMARY}", apiKey: upstream-secret-xyz }
        routes:
          - { name: gpt, match: { models: ["gpt-*"] }, targets: [ { backend: primary } ] }
        keys:
          - { id: alice, key: "${KEY}", owner: alice }
          - { id: carol-expired, key: "sk-test-carol-0123456789", owner: carol, expiresAt: 2020-01-01T00:00:00Z }
        """, GatewayHarness.env("PRIMARY", provider.baseUrl(), "KEY", GatewayHarness.KEY));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    provider.close();
  }

  private static JsonNode errorOf(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    return json(response.body()).path("error");
  }

  @Test
  void malformedJsonIs400InvalidJson() {
    HttpResponse<String> response = gateway.chat("{\"model\": \"gpt-4o\", \"messages\": [");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = errorOf(response);
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.path("code").asText()).isEqualTo("invalid_json");
  }

  @Test
  void wrongFieldTypeNamesTheField() {
    HttpResponse<String> response = gateway.chat("{\"model\": 42, \"messages\": []}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errorOf(response).path("param").asText()).isEqualTo("model");
  }

  @Test
  void missingModelIs400MissingModel() {
    HttpResponse<String> response = gateway.chat("{\"messages\": [{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errorOf(response).path("code").asText()).isEqualTo("missing_model");
  }

  @Test
  void missingMessagesIs400() {
    HttpResponse<String> response = gateway.chat("{\"model\": \"gpt-4o\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errorOf(response).path("param").asText()).isEqualTo("messages");
  }

  @Test
  void bodyOverTheLimitIs413() {
    String huge = chatBody("gpt-4o", "x".repeat(70 * 1024)); // limit in the harness: 64KiB

    HttpResponse<String> response = gateway.chat(huge);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(errorOf(response).path("code").asText()).isEqualTo("request_too_large");
  }

  @Test
  void aBodyDeclaredOverTheLimitIsRefusedWithoutInvitingItAndOneInBoundsIsInvited() throws Exception {
    assertThat(firstLineExpectingToContinue(999_999_999)) // no 100 before it
        .isEqualTo("HTTP/1.1 413 Request Entity Too Large");
    assertThat(firstLineExpectingToContinue(chatBody("gpt-4o", "hi").length()))
        .isEqualTo("HTTP/1.1 100 Continue");
  }

  @Test
  void headersPastTheLimitAre431WithAJsonError() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1",
        java.net.URI.create(gateway.baseUrl()).getPort())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(("GET /v1/models HTTP/1.1\r\nHost: x\r\nX-Big: "
          + "b".repeat(40 * 1024) + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(),
          java.nio.charset.StandardCharsets.US_ASCII);
      assertThat(answer).startsWith("HTTP/1.1 431").containsIgnoringCase("x-request-id: req_")
          .contains("\"message\":\"The request's headers are too large (at most 32 KiB).\"");
    }
  }

  /** The first line answered to a chat request's headers that ask to continue, before its body. */
  private static String firstLineExpectingToContinue(long contentLength) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1",
        java.net.URI.create(gateway.baseUrl()).getPort())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
          + "Authorization: Bearer " + GatewayHarness.KEY + "\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + contentLength + "\r\nExpect: 100-continue\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
          java.nio.charset.StandardCharsets.US_ASCII)).readLine();
    }
  }

  @Test
  void unknownModelIs404ModelNotFound() {
    HttpResponse<String> response = gateway.chat(chatBody("llama-unknown", "hi"));

    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode error = errorOf(response);
    assertThat(error.path("code").asText()).isEqualTo("model_not_found");
    assertThat(error.path("message").asText()).contains("llama-unknown");
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405() {
    assertThat(gateway.post("/v1/completions", "{}").statusCode()).isEqualTo(404);
    assertThat(gateway.get("/v1/chat/completions").statusCode()).isEqualTo(405);
  }

  @Test
  void missingKeyIs401() {
    HttpResponse<String> response = gateway.post("/v1/chat/completions", chatBody("gpt-4o", "hi"));

    assertThat(response.statusCode()).isEqualTo(401);
    JsonNode error = errorOf(response);
    assertThat(error.path("type").asText()).isEqualTo("authentication_error");
    assertThat(error.path("code").asText()).isEqualTo("invalid_api_key");
  }

  @Test
  void unknownKeyIs401AndIsNotEchoed() {
    HttpResponse<String> response = gateway.post("/v1/chat/completions", chatBody("gpt-4o", "hi"),
        "authorization", "Bearer sk-not-a-real-key-42");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).doesNotContain("sk-not-a-real-key-42");
  }

  @Test
  void expiredKeyIs401() {
    HttpResponse<String> response = gateway.post("/v1/chat/completions", chatBody("gpt-4o", "hi"),
        "authorization", "Bearer sk-test-carol-0123456789");

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void keyIsAcceptedFromXApiKeyAndApiKeyHeaders() {
    assertThat(gateway.post("/v1/chat/completions", chatBody("gpt-4o", "hi"),
        "x-api-key", GatewayHarness.KEY).statusCode()).isEqualTo(200);
    assertThat(gateway.post("/v1/chat/completions", chatBody("gpt-4o", "hi"),
        "api-key", GatewayHarness.KEY).statusCode()).isEqualTo(200);
  }

  @Test
  void authenticationComesBeforeParsing() {
    HttpResponse<String> response = gateway.post("/v1/chat/completions", "not json at all");

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void modelListShowsExactRouteModelsOnly() {
    HttpResponse<String> response = gateway.get("/v1/models", "authorization", "Bearer " + GatewayHarness.KEY);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response.body()).path("object").asText()).isEqualTo("list");
    assertThat(json(response.body()).path("data").size()).isZero(); // the only route is a pattern
  }

  @Test
  void rejectedRequestsAreLoggedWithoutKeysOrContent() {
    gateway.post("/v1/chat/completions", chatBody("gpt-4o", "secret prompt text"),
        "authorization", "Bearer sk-leaky-key-999", "x-request-id", "rejected-1");

    List<JsonNode> records = gateway.accessRecords(1);
    JsonNode record = records.stream()
        .filter(r -> r.path("request_id").asText().equals("rejected-1")).findFirst().orElseThrow();
    assertThat(record.path("status").asInt()).isEqualTo(401);
    assertThat(record.path("error_code").asText()).isEqualTo("invalid_api_key");
    assertThat(record.path("key_id").isNull()).isTrue();
    assertThat(record.path("attempts").asInt()).isZero();
    String log = gateway.accessLogText();
    assertThat(log).doesNotContain("sk-leaky-key-999").doesNotContain("secret prompt text")
        .doesNotContain(GatewayHarness.KEY).doesNotContain("upstream-secret-xyz");
  }
}
