package dev.sluice.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.api.RequestParser;
import dev.sluice.provider.ProviderException;
import dev.sluice.provider.TokenUsage;
import dev.sluice.provider.UpstreamError;
import dev.sluice.provider.UpstreamRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpenAiProviderTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final OpenAiProvider provider = new OpenAiProvider("openai", "openai", "/proxy/", "sk-upstream");

  static ClientRequest request(String body) throws RequestParser.InvalidRequestException {
    return RequestParser.parse(Endpoint.CHAT, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void forwardsTheOriginalBytesWhenNothingChanges() throws Exception {
    ClientRequest request = request("{\"model\":\"gpt-4o\",\"messages\":[],\"top_p\":0.5}");

    UpstreamRequest upstream = provider.translateRequest(request, "gpt-4o");

    assertThat(upstream.body()).isSameAs(request.body());
    assertThat(upstream.path()).isEqualTo("/proxy/v1/chat/completions");
    assertThat(upstream.headers()).contains(new UpstreamRequest.Header("authorization", "Bearer sk-upstream"));
  }

  @Test
  void renamesTheModelAndKeepsEverythingElseInOrder() throws Exception {
    ClientRequest request = request(
        "{\"temperature\":1,\"model\":\"alias\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\"}]}");

    byte[] body = provider.translateRequest(request, "gpt-4o").body();

    assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(
        "{\"temperature\":1,\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\"}]}");
  }

  @Test
  void forcesIncludeUsageOnStreamsAndKeepsOtherStreamOptions() throws Exception {
    ClientRequest request = request(
        "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_obfuscation\":false},\"messages\":[]}");

    JsonNode sent = JSON.readTree(provider.translateRequest(request, "m").body());

    assertThat(sent.at("/stream_options/include_usage").asBoolean()).isTrue();
    assertThat(sent.at("/stream_options/include_obfuscation").isBoolean()).isTrue();
    assertThat(request.includeUsage()).isFalse(); // the original is untouched
  }

  @Test
  void addsStreamOptionsWhenAbsent() throws Exception {
    JsonNode sent = JSON.readTree(provider.translateRequest(
        request("{\"model\":\"m\",\"stream\":true,\"messages\":[]}"), "m").body());

    assertThat(sent.at("/stream_options/include_usage").asBoolean()).isTrue();
  }

  @Test
  void readsUsageFromAnAnswer() throws Exception {
    byte[] answer = ("{\"id\":\"x\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":4,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":6,\"audio_tokens\":0},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":2}}}").getBytes(StandardCharsets.UTF_8);

    assertThat(provider.translateResponse(request("{\"model\":\"m\",\"messages\":[]}"), answer).usage())
        .isEqualTo(new TokenUsage(10, 4, 6, 0, 2));
  }

  @Test
  void malformedAnswerIsAProviderException() {
    byte[] answer = "{\"id\": \"x\", \"choices\": [".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> provider.translateResponse(request("{\"model\":\"m\",\"messages\":[]}"), answer))
        .isInstanceOf(ProviderException.class);
  }

  @Test
  void readsOpenAiErrorsAndDoesNotEchoOtherBodies() {
    UpstreamError error = provider.translateError(400, ("{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\","
        + "\"param\":\"temperature\",\"code\":\"invalid_value\"}}").getBytes(StandardCharsets.UTF_8));
    UpstreamError html = provider.translateError(502, "<html>gateway</html>".getBytes(StandardCharsets.UTF_8));

    assertThat(error).isEqualTo(new UpstreamError(400, "invalid_request_error", "invalid_value", "bad", "temperature"));
    assertThat(html.message()).isEqualTo("the provider answered HTTP 502");
  }
}
