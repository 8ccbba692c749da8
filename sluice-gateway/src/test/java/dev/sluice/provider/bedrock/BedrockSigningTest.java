package dev.sluice.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.ClientRequest;
import dev.sluice.provider.UpstreamRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** SigV4 as Bedrock verifies it, checked against an oracle written from AWS's description. */
class BedrockSigningTest {
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, "
          + "SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-02-03T04:05:06Z"), ZoneOffset.UTC);

  private static BedrockProvider provider(String url, String sessionToken) {
    return new BedrockProvider("b", url, "eu-central-1", "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", sessionToken, CLOCK, () -> "id");
  }

  private static Map<String, String> headers(UpstreamRequest request) {
    Map<String, String> headers = new LinkedHashMap<>();
    request.headers().forEach(h -> headers.merge(h.name(), h.value(), (a, b) -> a + "," + b));
    return headers;
  }

  /** Checks the authorization header against the oracle and returns its signed header names. */
  private static List<String> verify(UpstreamRequest request) throws Exception {
    Map<String, String> headers = headers(request);
    Matcher auth = AUTHORIZATION.matcher(headers.get("authorization"));
    assertThat(auth.matches()).as(headers.get("authorization")).isTrue();
    assertThat(auth.group(1)).isEqualTo("AKIAIOSFODNN7EXAMPLE");
    assertThat(auth.group(2)).isEqualTo("20250203");
    assertThat(auth.group(3)).isEqualTo("eu-central-1");
    assertThat(auth.group(4)).isEqualTo("bedrock");
    List<String> signed = Arrays.asList(auth.group(5).split(";"));
    Map<String, String> signedHeaders = new LinkedHashMap<>();
    signed.forEach(name -> signedHeaders.put(name, headers.get(name)));
    String expected = SigV4Oracle.signature("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "eu-central-1", "bedrock", headers.get("x-amz-date"), request.path(), signedHeaders,
        request.body());
    assertThat(auth.group(6)).as("signature").isEqualTo(expected);
    return signed;
  }

  @Test
  void signsTheRequestAsSentEncodedModelIdIncluded() throws Exception {
    ClientRequest chat = Requests.chatWith("'stream':true");

    UpstreamRequest request = provider("https://bedrock-runtime.eu-central-1.amazonaws.com", null)
        .translateRequest(chat, "eu.anthropic.claude-3-7-sonnet-20250219-v1:0");

    assertThat(request.path()).isEqualTo(
        "/model/eu.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse-stream");
    assertThat(verify(request)).contains("host", "x-amz-date", "content-type", "accept");
    assertThat(headers(request)).containsEntry("host", "bedrock-runtime.eu-central-1.amazonaws.com")
        .containsEntry("x-amz-date", "20250203T040506Z")
        .containsEntry("accept", "application/vnd.amazon.eventstream")
        .doesNotContainKey("x-amz-security-token");
  }

  @Test
  void temporaryCredentialsSendAndSignTheSessionToken() throws Exception {
    UpstreamRequest request = provider("https://bedrock-runtime.eu-central-1.amazonaws.com",
        "FwoGZXIvYXdzEXAMPLETOKEN").translateRequest(Requests.chatWith(""), "amazon.nova-micro-v1:0");

    assertThat(headers(request)).containsEntry("x-amz-security-token", "FwoGZXIvYXdzEXAMPLETOKEN");
    assertThat(verify(request)).contains("x-amz-security-token");
  }

  @Test
  void anEmptySessionTokenMeansLongTermCredentials() throws Exception {
    UpstreamRequest request = provider("https://bedrock-runtime.eu-central-1.amazonaws.com", "")
        .translateRequest(Requests.chatWith(""), "amazon.nova-micro-v1:0");

    assertThat(headers(request)).doesNotContainKey("x-amz-security-token");
    verify(request);
  }

  @Test
  void aNonDefaultPortIsPartOfTheSignedHost() throws Exception {
    UpstreamRequest request = provider("http://127.0.0.1:4566", null)
        .translateRequest(Requests.chatWith(""), "amazon.nova-micro-v1:0");

    assertThat(headers(request)).containsEntry("host", "127.0.0.1:4566");
    verify(request);
  }

  @Test
  void embeddingsAreSignedToo() throws Exception {
    UpstreamRequest request = provider("https://bedrock-runtime.eu-central-1.amazonaws.com", null)
        .translateRequest(Requests.embeddings("{'model':'e','input':'x'}"), "amazon.titan-embed-text-v2:0");

    assertThat(request.path()).isEqualTo("/model/amazon.titan-embed-text-v2%3A0/invoke");
    verify(request);
  }
}
