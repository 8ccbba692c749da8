package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestParserTest {
  static ClientRequest parse(Endpoint endpoint, String body) throws RequestParser.InvalidRequestException {
    return RequestParser.parse(endpoint, body.getBytes(StandardCharsets.UTF_8));
  }

  static String code(Endpoint endpoint, String body) {
    try {
      parse(endpoint, body);
      return "accepted";
    } catch (RequestParser.InvalidRequestException e) {
      return e.error().code() + (e.error().param() == null ? "" : "@" + e.error().param());
    }
  }

  @Test
  void picksOutTheFieldsThePipelineDecidesOn() throws Exception {
    ClientRequest request = parse(Endpoint.CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"max_tokens\":50,"
        + "\"max_completion_tokens\":80,\"model\":\"gpt-4o\",\"metadata\":{\"model\":\"not-this\"}}");

    assertThat(request.model()).isEqualTo("gpt-4o");
    assertThat(request.stream()).isTrue();
    assertThat(request.includeUsage()).isTrue();
    assertThat(request.maxOutputTokens()).isEqualTo(80);
  }

  @Test
  void rejectsWhatIsNotAValidRequest() {
    assertThat(code(Endpoint.CHAT, "")).isEqualTo("invalid_json");
    assertThat(code(Endpoint.CHAT, "[1]")).isEqualTo("invalid_json");
    assertThat(code(Endpoint.CHAT, "{\"model\":\"m\",\"messages\":[]} trailing")).isEqualTo("invalid_json");
    assertThat(code(Endpoint.CHAT, "{\"model\":\"m\",\"messages\":[}")).isEqualTo("invalid_json");
    assertThat(code(Endpoint.CHAT, "{\"model\":\"m\",\"messages\":[],\"x\":{\"deep\":[1,2,}}")).isEqualTo("invalid_json");
    assertThat(code(Endpoint.CHAT, "{\"model\":null,\"messages\":[]}")).isEqualTo("invalid_type@model");
    assertThat(code(Endpoint.CHAT, "{\"model\":\"m\",\"messages\":\"hi\"}")).isEqualTo("invalid_type@messages");
    assertThat(code(Endpoint.CHAT, "{\"model\":\"m\",\"messages\":[],\"stream\":\"yes\"}")).isEqualTo("invalid_type@stream");
    assertThat(code(Endpoint.CHAT, "{\"model\":\"m\",\"messages\":[],\"max_tokens\":-3}")).isEqualTo("invalid_type@max_tokens");
    // past a long: the parameter named, not a JSON syntax error
    assertThat(code(Endpoint.CHAT, "{\"model\":\"m\",\"messages\":[],\"max_tokens\":1000000000000000000000000000000}"))
        .isEqualTo("invalid_value@max_tokens");
    assertThat(code(Endpoint.CHAT, "{\"messages\":[]}")).isEqualTo("missing_model@model");
    assertThat(code(Endpoint.CHAT, "{\"model\":\"m\"}")).isEqualTo("missing_required_parameter@messages");
    assertThat(code(Endpoint.EMBEDDINGS, "{\"model\":\"m\"}")).isEqualTo("missing_required_parameter@input");
    assertThat(code(Endpoint.EMBEDDINGS, "{\"model\":\"m\",\"input\":5}")).isEqualTo("invalid_type@input");
    assertThat(code(Endpoint.EMBEDDINGS, "{\"model\":\"m\",\"input\":\"x\"}")).isEqualTo("accepted");
  }

  @Test
  void promptEstimateCountsMessageText() throws Exception {
    ClientRequest small = parse(Endpoint.CHAT, "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
    ClientRequest parts = parse(Endpoint.CHAT, "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
        + "[{\"type\":\"text\",\"text\":\"" + "word ".repeat(100) + "\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}}]}]}");

    assertThat(TokenCounter.estimatePrompt(small)).isBetween(5L, 10L);
    assertThat(TokenCounter.estimatePrompt(parts)).isBetween(100L, 110L);
  }

  @Test
  void rejectionsCarryNoStackTrace() {
    assertThatThrownBy(() -> parse(Endpoint.CHAT, "{"))
        .isInstanceOfSatisfying(RequestParser.InvalidRequestException.class,
            e -> assertThat(e.getStackTrace()).isEmpty());
  }
}
