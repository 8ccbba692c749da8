package dev.sluice.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.provider.ProviderException;
import dev.sluice.provider.StreamTranslator;
import dev.sluice.provider.TokenUsage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnthropicStreamTranslatorTest {
  static final String START = event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
      + "\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-x\",\"stop_reason\":null,"
      + "\"usage\":{\"input_tokens\":30,\"cache_read_input_tokens\":70,\"output_tokens\":1}}}");
  static final String TEXT_BLOCK = event("content_block_start",
      "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
  static final String HELLO = textDelta(0, "Hello");
  static final String END = event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
      + "\"end_turn\"},\"usage\":{\"output_tokens\":12}}") + event("message_stop", "{\"type\":\"message_stop\"}");

  final StreamTranslator translator = new AnthropicStreamTranslator(false, 1);

  static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
  }

  static String textDelta(int index, String text) {
    return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index
        + ",\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}");
  }

  static String feed(StreamTranslator translator, String sse) throws ProviderException {
    return new String(translator.feed(sse.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  @Test
  void anErrorEventEndsTheStreamWithTheProvidersMessage() throws Exception {
    feed(translator, START + TEXT_BLOCK + HELLO);

    assertThatThrownBy(() -> feed(translator, event("error",
        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")))
        .isInstanceOf(ProviderException.class)
        .hasMessage("the provider's stream reported an error (overloaded_error): Overloaded");
  }

  @Test
  void aStreamCutBeforeMessageStopFailsButKeepsTheUsageSoFarForBilling() throws Exception {
    feed(translator, START + TEXT_BLOCK + HELLO);

    assertThatThrownBy(translator::finish).isInstanceOf(ProviderException.class)
        .hasMessageContaining("before message_stop");
    assertThat(translator.usage()).isEqualTo(new TokenUsage(100, 1, 70, 0, 0));
  }

  @Test
  void usageIsNullUntilTheMessageStarts() throws Exception {
    feed(translator, event("ping", "{\"type\":\"ping\"}"));

    assertThat(translator.usage()).isNull();
  }

  @Test
  void outputTokensComeFromMessageDeltaWhileInputKeepsWhatMessageStartSaid() throws Exception {
    feed(translator, START + TEXT_BLOCK + HELLO + END);

    assertThat(translator.usage()).isEqualTo(new TokenUsage(100, 12, 70, 0, 0));
  }

  @Test
  void contentBeforeMessageStartIsRejected() {
    assertThatThrownBy(() -> feed(translator, TEXT_BLOCK)).isInstanceOf(ProviderException.class)
        .hasMessageContaining("before message_start");
  }

  @Test
  void unknownEventTypesAndSseCommentsAreSkipped() throws Exception {
    String out = feed(translator, START + ": keep-alive\n\n"
        + event("future_event", "{\"type\":\"future_event\",\"x\":1}") + TEXT_BLOCK + HELLO + END);

    assertThat(out).contains("\"content\":\"Hello\"").endsWith("data: [DONE]\n\n");
  }

  @Test
  void nothingIsSentAfterMessageStop() throws Exception {
    feed(translator, START + TEXT_BLOCK + HELLO + END);

    assertThat(translator.feed(HELLO.getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(translator.finish()).isEmpty();
  }

  @Test
  void crlfDelimitedEventsAreTranslatedToo() throws Exception {
    String out = feed(translator, (START + TEXT_BLOCK + HELLO + END).replace("\n", "\r\n"));

    assertThat(out).contains("\"content\":\"Hello\"").contains("\"finish_reason\":\"stop\"").endsWith("[DONE]\n\n");
  }

  @Test
  void thinkingIsLeftOutOfTheStream() throws Exception {
    String out = feed(translator, START
        + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
            + "{\"type\":\"thinking\",\"thinking\":\"\"}}")
        + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
            + "{\"type\":\"thinking_delta\",\"thinking\":\"secret plan\"}}")
        + textDelta(1, "Answer") + END);

    assertThat(out).doesNotContain("secret plan").contains("\"content\":\"Answer\"");
  }

  @Test
  void eachToolUseBlockGetsTheNextToolCallIndex() throws Exception {
    String out = feed(translator, START + toolBlock(1, "toolu_a") + toolBlock(2, "toolu_b")
        + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":"
            + "{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}"));

    assertThat(out).contains("{\"index\":0,\"id\":\"toolu_a\"", "{\"index\":1,\"id\":\"toolu_b\"",
        "{\"index\":1,\"function\":{\"arguments\":\"{}\"}}");
  }

  @Test
  void toolInputForABlockThatIsNoToolUseIsRejected() throws Exception {
    feed(translator, START + TEXT_BLOCK);

    assertThatThrownBy(() -> feed(translator, event("content_block_delta", "{\"type\":\"content_block_delta\","
        + "\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\"}}")))
        .isInstanceOf(ProviderException.class);
  }

  @Test
  void usageChunkIsSentOnlyWhenTheClientAskedForIt() throws Exception {
    String hidden = feed(translator, START + TEXT_BLOCK + HELLO + END);
    String shown = feed(new AnthropicStreamTranslator(true, 1), START + TEXT_BLOCK + HELLO + END);

    assertThat(hidden).doesNotContain("\"usage\"");
    assertThat(shown).contains("\"choices\":[],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":12,"
        + "\"total_tokens\":112,\"prompt_tokens_details\":{\"cached_tokens\":70}}");
  }

  static String toolBlock(int index, String id) {
    return event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index
        + ",\"content_block\":{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"f\",\"input\":{}}}");
  }
}
