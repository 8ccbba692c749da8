package dev.sluice.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.provider.UpstreamError;
import dev.sluice.provider.UpstreamRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each provider's credential, as its request carried it, is taken out of its error's text. */
class CredentialsTest {

  static UpstreamRequest sent(String... headers) {
    List<UpstreamRequest.Header> list = new java.util.ArrayList<>();
    for (int i = 0; i < headers.length; i += 2) {
      list.add(new UpstreamRequest.Header(headers[i], headers[i + 1]));
    }
    return new UpstreamRequest("POST", "/v1/x", list, new byte[0]);
  }

  static String scrubbed(UpstreamRequest request, String message) {
    return Credentials.scrub(new UpstreamError(401, "t", null, message, null),
        Credentials.sentIn(request)).message();
  }

  @Test
  void eachProvidersCredentialHeader() {
    assertThat(scrubbed(sent("Authorization", "Bearer sk-openai-123456"),
        "bad key Bearer sk-openai-123456, or sk-openai-123456"))
        .isEqualTo("bad key [redacted], or [redacted]");
    assertThat(scrubbed(sent("x-api-key", "sk-ant-abcdefgh"), "key sk-ant-abcdefgh"))
        .isEqualTo("key [redacted]");
    assertThat(scrubbed(sent("api-key", "azure-key-0001"), "azure-key-0001?"))
        .isEqualTo("[redacted]?");
    assertThat(scrubbed(sent("x-goog-api-key", "AIzaSyExample1"), "AIzaSyExample1 invalid"))
        .isEqualTo("[redacted] invalid");
    assertThat(scrubbed(sent("authorization", "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE01/20261129/"
            + "us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=abc",
            "x-amz-security-token", "FwoGZXIvYXdzEJr//session"),
        "The security token FwoGZXIvYXdzEJr//session for AKIAEXAMPLE01 is expired"))
        .isEqualTo("The security token [redacted] for [redacted] is expired");
  }

  @Test
  void otherHeadersAndShortValuesAreLeftAlone() {
    // A content type is no secret, and a short test key would blank every match of it.
    assertThat(scrubbed(sent("content-type", "application/json", "authorization", "Bearer x"),
        "x is not application/json")).isEqualTo("x is not application/json");
  }
}
