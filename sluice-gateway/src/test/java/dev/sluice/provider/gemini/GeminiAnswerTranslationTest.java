package dev.sluice.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.api.RequestParser;
import dev.sluice.provider.ProviderException;
import dev.sluice.provider.StreamTranslator;
import dev.sluice.provider.TokenUsage;
import dev.sluice.provider.UpstreamError;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GeminiAnswerTranslationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final GeminiProvider provider = new GeminiProvider("gemini", "", "key", GeminiGoldenTest.CLOCK);

  static ClientRequest chat(boolean stream, boolean includeUsage) throws Exception {
    String body = "{\"model\":\"gemini-2.5-flash\",\"stream\":" + stream
        + (includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : "")
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    return RequestParser.parse(Endpoint.CHAT, body.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String candidate(String text, String finishReason) {
    return "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"" + text + "\"}]}"
        + (finishReason == null ? "" : ",\"finishReason\":\"" + finishReason + "\"") + "}],\"responseId\":\"r\"}";
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"STOP,stop", "MAX_TOKENS,length", "SAFETY,content_filter", "RECITATION,content_filter",
      "BLOCKLIST,content_filter", "PROHIBITED_CONTENT,content_filter", "SPII,content_filter",
      "MALFORMED_FUNCTION_CALL,stop", "OTHER,stop", "A_REASON_ADDED_LATER,stop"})
  void mapsGeminiFinishReasons(String gemini, String openAi) throws Exception {
    byte[] answer = provider.translateResponse(chat(false, false), bytes(candidate("x", gemini))).body();

    assertThat(JSON.readTree(answer).at("/choices/0/finish_reason").asText()).isEqualTo(openAi);
  }

  @Test
  void skipsThoughtSummariesFromTheAnswerText() throws Exception {
    String body = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"thinking...\",\"thought\":true},"
        + "{\"text\":\"Answer.\"}]},\"finishReason\":\"STOP\"}]}";

    JsonNode answer = JSON.readTree(provider.translateResponse(chat(false, false), bytes(body)).body());

    assertThat(answer.at("/choices/0/message/content").asText()).isEqualTo("Answer.");
  }

  @Test
  void anAnswerWithoutUsageRecordsNone() throws Exception {
    assertThat(provider.translateResponse(chat(false, false), bytes(candidate("x", "STOP"))).usage()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      cut short           | {"candidates":[{"content":{"parts":[{"text":"Par
      HTML                | <html><body>502 Bad Gateway</body></html>
      empty               | ' '
      no candidates       | {"usageMetadata":{"promptTokenCount":3}}
      an error object     | {"error":{"code":500,"message":"Internal error","status":"INTERNAL"}}
      """)
  void refusesAnAnswerThatIsNotOne(String what, String body) {
    assertThatThrownBy(() -> provider.translateResponse(chat(false, false), bytes(body)))
        .isInstanceOf(ProviderException.class);
  }

  @Test
  void aStreamCutBeforeItsFinishReasonFails() throws Exception {
    StreamTranslator stream = provider.newStreamTranslator(chat(true, true));
    stream.feed(bytes("data: " + candidate("Hel", null) + "\r\n\r\n"));

    assertThatThrownBy(stream::finish).isInstanceOf(ProviderException.class)
        .hasMessageContaining("finishReason");
  }

  @Test
  void anEmptyStreamFails() throws Exception {
    StreamTranslator stream = provider.newStreamTranslator(chat(true, false));

    assertThat(stream.feed(bytes(": keep-alive\n\n"))).isEmpty();
    assertThatThrownBy(stream::finish).isInstanceOf(ProviderException.class);
  }

  @Test
  void anErrorEventInTheStreamFailsIt() throws Exception {
    StreamTranslator stream = provider.newStreamTranslator(chat(true, false));
    stream.feed(bytes("data: " + candidate("Hel", null) + "\n\n"));

    assertThatThrownBy(() -> stream.feed(bytes(
        "data: {\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}\n\n")))
        .isInstanceOf(ProviderException.class).hasMessageContaining("The model is overloaded.");
  }

  @Test
  void aBlockedPromptStreamFinishesWithContentFilter() throws Exception {
    StreamTranslator stream = provider.newStreamTranslator(chat(true, false));

    String out = new String(stream.feed(bytes("data: {\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"},"
        + "\"usageMetadata\":{\"promptTokenCount\":12,\"totalTokenCount\":12}}\n\n")), StandardCharsets.UTF_8)
        + new String(stream.finish(), StandardCharsets.UTF_8);

    assertThat(out).contains("\"finish_reason\":\"content_filter\"").endsWith("data: [DONE]\n\n");
    assertThat(stream.usage()).isEqualTo(TokenUsage.of(12, 0));
  }

  @Test
  void streamUsageIsTheLatestReportedNotASum() throws Exception {
    StreamTranslator stream = provider.newStreamTranslator(chat(true, false));
    String usage = ",\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":%d}}";
    String first = candidate("a", null);
    String last = candidate("b", "STOP");

    stream.feed(bytes("data: " + first.substring(0, first.length() - 1) + usage.formatted(1) + "\n\n"));
    stream.feed(bytes("data: " + last.substring(0, last.length() - 1) + usage.formatted(2) + "\n\n"));
    stream.finish();

    assertThat(stream.usage()).isEqualTo(TokenUsage.of(5, 2));
  }

  @Test
  void readsGoogleErrorsAndNeverEchoesOtherBodies() {
    UpstreamError google = provider.translateError(400, bytes(
        "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key.\","
            + "\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"reason\":\"API_KEY_INVALID\"}]}}"));
    UpstreamError html = provider.translateError(503, bytes("<html>secret internals</html>"));

    assertThat(google).isEqualTo(new UpstreamError(400, "invalid_request_error", "INVALID_ARGUMENT",
        "API key not valid. Please pass a valid API key.", null));
    assertThat(html).isEqualTo(new UpstreamError(503, "server_error", null, "the provider answered HTTP 503", null));
  }

  @Test
  void base64EmbeddingsDecodeToTheFloatsGeminiSent() throws Exception {
    ClientRequest request = RequestParser.parse(Endpoint.EMBEDDINGS,
        bytes("{\"model\":\"gemini-embedding-001\",\"input\":\"hi\",\"encoding_format\":\"base64\"}"));

    JsonNode answer = JSON.readTree(provider.translateResponse(request,
        bytes("{\"embeddings\":[{\"values\":[0.25,-1.5,3]}]}")).body());

    ByteBuffer floats = ByteBuffer.wrap(Base64.getDecoder().decode(answer.at("/data/0/embedding").asText()))
        .order(ByteOrder.LITTLE_ENDIAN);
    assertThat(new float[] {floats.getFloat(), floats.getFloat(), floats.getFloat()})
        .containsExactly(0.25f, -1.5f, 3f);
    assertThat(floats.hasRemaining()).isFalse();
  }

  @Test
  void refusesEmbeddingsThatDoNotMatchTheInputs() throws Exception {
    ClientRequest request = RequestParser.parse(Endpoint.EMBEDDINGS,
        bytes("{\"model\":\"gemini-embedding-001\",\"input\":[\"a\",\"b\"]}"));

    assertThatThrownBy(() -> provider.translateResponse(request, bytes("{\"embeddings\":[{\"values\":[1]}]}")))
        .isInstanceOf(ProviderException.class).hasMessageContaining("1 embeddings for 2 inputs");
  }
}
