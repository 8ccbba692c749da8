package dev.sluice.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.api.RequestParser;
import dev.sluice.provider.ProviderException;
import dev.sluice.provider.UnsupportedFieldException;
import dev.sluice.provider.UpstreamRequest;
import dev.sluice.testkit.FakeProvider;
import dev.sluice.testkit.FakeResponse;
import dev.sluice.testkit.RecordedRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VertexProviderTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  static ClientRequest chat(String extra) throws Exception {
    return RequestParser.parse(Endpoint.CHAT, ("{\"model\":\"gemini-2.5-flash\",\"messages\":"
        + "[{\"role\":\"user\",\"content\":\"hi\"}]" + extra + "}").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void refusesRequestsUntilTheFirstTokenArrivesButStillNamesUnsupportedFields() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    try (VertexProvider provider = new VertexProvider("vx", "", "p", "us-central1",
        AccessTokenHolder.start("vx", () -> {
          try {
            never.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            throw new IOException(e);
          }
          throw new IOException("unreachable");
        }))) {

      assertThatThrownBy(() -> provider.translateRequest(chat(""), "gemini-2.5-flash"))
          .isExactlyInstanceOf(ProviderException.class)
          .hasMessage("no access token yet for backend 'vx' (the first token is still being fetched)");
      assertThatThrownBy(() -> provider.translateRequest(chat(",\"logit_bias\":{\"1\":5}"), "gemini-2.5-flash"))
          .isInstanceOfSatisfying(UnsupportedFieldException.class, e -> assertThat(e.param()).isEqualTo("logit_bias"));
    }
  }

  @Test
  void sendsTheCachedTokenAsABearerTokenToTheRegionalPath() throws Exception {
    AccessTokenHolder tokens = AccessTokenHolder.start("vx",
        () -> new AccessTokenHolder.Token("ya29.cached", Instant.now().plus(Duration.ofHours(1))));
    try (VertexProvider provider = new VertexProvider("vx", "/gw/", "my project", "europe-west4", tokens)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> tokens.current() != null);

      UpstreamRequest chat = provider.translateRequest(chat(""), "gemini-2.5-flash");
      UpstreamRequest embeddings = provider.translateRequest(RequestParser.parse(Endpoint.EMBEDDINGS,
          "{\"model\":\"text-embedding-005\",\"input\":\"x\"}".getBytes(StandardCharsets.UTF_8)), "text-embedding-005");

      assertThat(chat.headers()).contains(new UpstreamRequest.Header("authorization", "Bearer ya29.cached"));
      assertThat(chat.path()).isEqualTo("/gw/v1/projects/my%20project/locations/europe-west4"
          + "/publishers/google/models/gemini-2.5-flash:generateContent");
      assertThat(embeddings.path()).endsWith("/publishers/google/models/text-embedding-005:predict");
    }
  }

  @Test
  void exchangesASignedJwtAtTheKeyFilesTokenUriForACloudPlatformToken() throws Exception {
    try (FakeProvider oauth = FakeProvider.start()) {
      oauth.setDefault(FakeResponse.json(200,
          "{\"access_token\":\"ya29.from-fake\",\"expires_in\":3599,\"token_type\":\"Bearer\"}"));
      Path key = ServiceAccountKeys.write(dir, oauth.baseUrl() + "/token");

      try (VertexProvider provider = VertexProvider.fromServiceAccount("vx", "", "p", "us-central1", key)) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(provider.translateRequest(chat(""), "m").headers())
                .contains(new UpstreamRequest.Header("authorization", "Bearer ya29.from-fake")));
      }

      RecordedRequest exchange = oauth.requests().getFirst();
      assertThat(exchange.method()).isEqualTo("POST");
      assertThat(exchange.path()).isEqualTo("/token");
      Map<String, String> form = form(exchange.body());
      assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
      JsonNode claims = jwtClaims(form.get("assertion"));
      assertThat(claims.path("iss").asText()).isEqualTo(ServiceAccountKeys.EMAIL);
      assertThat(claims.path("scope").asText()).isEqualTo("https://www.googleapis.com/auth/cloud-platform");
    }
  }

  @Test
  void anUnusableKeyFileFailsAtStartNamingTheBackend() throws Exception {
    Path notAKey = Files.writeString(dir.resolve("key.json"), "{\"type\":\"authorized_user\"}");

    assertThatThrownBy(() -> VertexProvider.fromServiceAccount("vx", "", "p", "r", dir.resolve("missing.json")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("credentialsFile").hasMessageContaining("backend 'vx'");
    assertThatThrownBy(() -> VertexProvider.fromServiceAccount("vx", "", "p", "r", notAKey))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("service-account key");
  }

  private static Map<String, String> form(String body) {
    Map<String, String> fields = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return fields;
  }

  private static JsonNode jwtClaims(String jwt) throws IOException {
    String payload = jwt.split("\\.")[1];
    return JSON.readTree(Base64.getUrlDecoder().decode(payload));
  }
}
