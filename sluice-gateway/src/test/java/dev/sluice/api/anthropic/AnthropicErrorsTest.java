package dev.sluice.api.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.GatewayError;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnthropicErrorsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static String type(GatewayError error) throws Exception {
    JsonNode body = JSON.readTree(AnthropicErrors.body(error));
    assertThat(body.path("type").asText()).isEqualTo("error");
    assertThat(body.path("error").path("message").asText()).isEqualTo(error.message());
    return body.path("error").path("type").asText();
  }

  static GatewayError rejected(int status) {
    return new GatewayError.ProviderRejected(status, "requests", "rate_limit_exceeded", "upstream said no", null);
  }

  @Test
  void saysEachGatewayErrorWithTheTypeAnthropicUsesForItsStatus() throws Exception {
    assertThat(type(new GatewayError.InvalidRequest("invalid_json", "bad", null))).isEqualTo("invalid_request_error");
    assertThat(type(new GatewayError.InvalidApiKey("Invalid API key."))).isEqualTo("authentication_error");
    assertThat(type(new GatewayError.ModelNotAllowed("claude-opus-4-1"))).isEqualTo("permission_error");
    assertThat(type(new GatewayError.RateLimited("Rate limit reached for requests", 3))).isEqualTo("rate_limit_error");
    assertThat(type(new GatewayError.ModelNotFound("claude-x"))).isEqualTo("not_found_error");
    assertThat(type(new GatewayError.UnknownEndpoint(404, "GET", "/v1/nope"))).isEqualTo("not_found_error");
    assertThat(type(new GatewayError.UnknownEndpoint(405, "GET", "/v1/messages"))).isEqualTo("invalid_request_error");
    assertThat(type(new GatewayError.RequestTooLarge(1024))).isEqualTo("request_too_large");
    assertThat(type(new GatewayError.UpstreamFailed("every target failed"))).isEqualTo("api_error");
    assertThat(type(new GatewayError.NoHealthyBackend("every circuit is open"))).isEqualTo("overloaded_error");
    assertThat(type(new GatewayError.UpstreamTimeout("route timeout"))).isEqualTo("timeout_error");
    assertThat(type(new GatewayError.Internal("internal error"))).isEqualTo("api_error");
  }

  @Test
  void saysAProviderRejectionByItsStatusNotTheProvidersVocabulary() throws Exception {
    assertThat(type(rejected(400))).isEqualTo("invalid_request_error");
    assertThat(type(rejected(401))).isEqualTo("authentication_error");
    assertThat(type(rejected(402))).isEqualTo("billing_error");
    assertThat(type(rejected(403))).isEqualTo("permission_error");
    assertThat(type(rejected(404))).isEqualTo("not_found_error");
    assertThat(type(rejected(413))).isEqualTo("request_too_large");
    assertThat(type(rejected(422))).isEqualTo("invalid_request_error");
    assertThat(type(rejected(429))).isEqualTo("rate_limit_error");
    assertThat(type(rejected(500))).isEqualTo("api_error");
    assertThat(type(rejected(503))).isEqualTo("overloaded_error");
    assertThat(type(rejected(529))).isEqualTo("overloaded_error");
    assertThat(type(rejected(504))).isEqualTo("timeout_error");
  }

  @Test
  void carriesTheRequestIdWhenGiven() throws Exception {
    JsonNode body = JSON.readTree(AnthropicErrors.body(new GatewayError.InvalidApiKey("no"), "req_42"));
    assertThat(body.path("request_id").asText()).isEqualTo("req_42");
    assertThat(JSON.readTree(AnthropicErrors.body(new GatewayError.InvalidApiKey("no"))).path("request_id").isNull()).isTrue();
  }

  @Test
  void endsAStreamWithAnErrorEventCarryingTheSameBody() throws Exception {
    GatewayError error = new GatewayError.UpstreamTimeout("the stream stalled");
    String event = new String(AnthropicErrors.sseEvent(error, "req_7"), StandardCharsets.UTF_8);
    assertThat(event).startsWith("event: error\ndata: ").endsWith("\n\n");
    String data = event.substring("event: error\ndata: ".length(), event.length() - 2);
    assertThat(data).doesNotContain("\n");
    assertThat(JSON.readTree(data)).isEqualTo(JSON.readTree(AnthropicErrors.body(error, "req_7")));
  }
}
