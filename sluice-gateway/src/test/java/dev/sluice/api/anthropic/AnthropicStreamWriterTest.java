package dev.sluice.api.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicStreamWriterTest {
  static final String ROLE = chunk("{\"role\":\"assistant\",\"content\":\"\"}", null);
  static final String DONE = "data: [DONE]\n\n";

  static String chunk(String delta, String finishReason) {
    return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
        + "\"delta\":" + delta + ",\"finish_reason\":" + (finishReason == null ? "null" : "\"" + finishReason + "\"")
        + "}]}\n\n";
  }

  static String usage(long prompt, long completion, long cached) {
    return "data: {\"id\":\"chatcmpl-1\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":"
        + completion + ",\"prompt_tokens_details\":{\"cached_tokens\":" + cached + "}}}\n\n";
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The events a whole stream becomes, as parsed data objects. */
  static List<JsonNode> events(String stream) throws Exception {
    AnthropicStreamWriter writer = new AnthropicStreamWriter();
    byte[] out = writer.feed(bytes(stream));
    writer.finish();
    return InboundAnthropicGoldenTest.events(out).stream().map(e -> (JsonNode) e.get(1)).toList();
  }

  @Test
  void failsWhenTheStreamEndsBeforeDone() throws Exception {
    AnthropicStreamWriter writer = new AnthropicStreamWriter();
    writer.feed(bytes(ROLE + chunk("{\"content\":\"Hel\"}", null)));
    assertThat(catchThrowableOfType(AnthropicTranslationException.class, writer::finish))
        .hasMessageContaining("[DONE]");
  }

  @Test
  void failsOnAnErrorChunkOrErrorEventWithTheBackendsMessage() throws Exception {
    AnthropicStreamWriter chunked = new AnthropicStreamWriter();
    chunked.feed(bytes(ROLE));
    assertThat(catchThrowableOfType(AnthropicTranslationException.class,
        () -> chunked.feed(bytes("data: {\"error\":{\"message\":\"model overloaded\",\"type\":\"server_error\"}}\n\n"))))
        .hasMessageContaining("model overloaded");

    AnthropicStreamWriter evented = new AnthropicStreamWriter();
    assertThat(catchThrowableOfType(AnthropicTranslationException.class, () -> evented.feed(bytes(
        "event: error\ndata: {\"error\":{\"message\":\"every target failed\",\"type\":\"upstream_error\"}}\n\n"))))
        .hasMessageContaining("every target failed");
  }

  @Test
  void failsWhenToolCallsInterleaveBecauseAnthropicBlocksCannot() throws Exception {
    AnthropicStreamWriter writer = new AnthropicStreamWriter();
    writer.feed(bytes(ROLE
        + chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"function\":{\"name\":\"a\",\"arguments\":\"{\"}}]}", null)
        + chunk("{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"function\":{\"name\":\"b\",\"arguments\":\"{\"}}]}", null)));
    assertThat(catchThrowableOfType(AnthropicTranslationException.class, () -> writer.feed(bytes(
        chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"}\"}}]}", null)))))
        .hasMessageContaining("tool call 0");
  }

  @Test
  void ignoresKeepAlivesAndAnythingAfterDone() throws Exception {
    AnthropicStreamWriter writer = new AnthropicStreamWriter();
    assertThat(writer.feed(bytes(": keep-alive\n\n"))).isEmpty();
    writer.feed(bytes(ROLE + chunk("{\"content\":\"Hi\"}", "stop") + DONE));
    assertThat(writer.feed(bytes(chunk("{\"content\":\"late\"}", null)))).isEmpty();
    assertThat(writer.finish()).isEmpty();
  }

  @Test
  void reportsInputTokensInMessageStartWhenTheFirstChunkCarriesThem() throws Exception {
    String first = "data: {\"id\":\"chatcmpl-1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}],"
        + "\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":0,\"prompt_tokens_details\":{\"cached_tokens\":10}}}\n\n";
    List<JsonNode> events = events(first + chunk("{\"content\":\"Hi\"}", "stop") + usage(30, 2, 10) + DONE);
    JsonNode start = events.get(0).path("message").path("usage");
    assertThat(start.path("input_tokens").asLong()).isEqualTo(20);
    assertThat(start.path("cache_read_input_tokens").asLong()).isEqualTo(10);
    JsonNode end = events.get(events.size() - 2).path("usage");
    assertThat(end.path("output_tokens").asLong()).isEqualTo(2);
  }

  @Test
  void endsARefusedStreamWithTheRefusalStopReason() throws Exception {
    List<JsonNode> events = events(ROLE + chunk("{\"refusal\":\"I can't help with that.\"}", null)
        + chunk("{}", "stop") + DONE);
    assertThat(events.get(2).path("delta").path("text").asText()).isEqualTo("I can't help with that.");
    assertThat(events.get(events.size() - 2).path("delta").path("stop_reason").asText()).isEqualTo("refusal");
  }

  @Test
  void mapsALengthFinishToMaxTokensAndReportsZeroOutputWhenNoUsageCame() throws Exception {
    List<JsonNode> events = events(ROLE + chunk("{\"content\":\"Once upon\"}", "length") + DONE);
    JsonNode delta = events.get(events.size() - 2);
    assertThat(delta.path("delta").path("stop_reason").asText()).isEqualTo("max_tokens");
    assertThat(delta.path("usage").path("output_tokens").asLong()).isZero();
    assertThat(delta.path("usage").has("input_tokens")).isFalse(); // unknown, so not claimed to be 0
  }

  @Test
  void readsOnlyTheFirstChoice() throws Exception {
    String two = "data: {\"id\":\"chatcmpl-1\",\"model\":\"m\",\"choices\":[{\"delta\":{\"content\":\"other\"},\"index\":1},"
        + "{\"index\":0,\"delta\":{\"content\":\"mine\"}}]}\n\n";
    List<JsonNode> events = events(ROLE + two + chunk("{}", "stop") + DONE);
    assertThat(events.stream().filter(e -> e.path("type").asText().equals("content_block_delta"))
        .map(e -> e.path("delta").path("text").asText())).containsExactly("mine");
  }

  @Test
  void readsCrlfLineEndingsLikeLf() throws Exception {
    String stream = ROLE + chunk("{\"content\":\"Hi\"}", "stop") + usage(5, 1, 0) + DONE;
    AnthropicStreamWriter crlf = new AnthropicStreamWriter();
    byte[] out = crlf.feed(bytes(stream.replace("\n", "\r\n")));
    crlf.finish();
    assertThat(InboundAnthropicGoldenTest.events(out)).isEqualTo(
        InboundAnthropicGoldenTest.events(InboundAnthropicGoldenTest.feed(bytes(stream), new int[0])));
  }

  @Test
  void failsOnAStreamWithNoChunkBeforeDone() {
    AnthropicStreamWriter writer = new AnthropicStreamWriter();
    assertThat(catchThrowableOfType(AnthropicTranslationException.class, () -> writer.feed(bytes(DONE))))
        .hasMessageContaining("first chunk");
  }
}
