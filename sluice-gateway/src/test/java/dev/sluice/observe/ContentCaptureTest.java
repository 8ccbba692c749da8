package dev.sluice.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentCaptureTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void anOpenAiAnswerBecomesTheConventionsOutputMessages() throws Exception {
    String out = ContentCapture.outputMessages(bytes("""
        {"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant",
        "content":"Paris.","tool_calls":[{"id":"call_1","type":"function",
        "function":{"name":"lookup","arguments":"{\\"city\\":\\"Paris\\"}"}}]},"finish_reason":"tool_calls"}],
        "usage":{"prompt_tokens":3,"completion_tokens":2}}"""));

    assertThat(JSON.readTree(out)).isEqualTo(JSON.readTree("""
        [{"role":"assistant","parts":[{"type":"text","content":"Paris."},
          {"type":"tool_call","id":"call_1","name":"lookup","arguments":"{\\"city\\":\\"Paris\\"}"}],
          "finish_reason":"tool_calls"}]"""));
  }

  @Test
  void anAnthropicAnswerKeepsItsTextAndToolUse() throws Exception {
    String out = ContentCapture.outputMessages(bytes("""
        {"id":"m1","type":"message","role":"assistant","content":[{"type":"thinking","thinking":"hm"},
        {"type":"text","text":"Hello"},{"type":"tool_use","id":"t1","name":"f","input":{"a":1}}],
        "stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1}}"""));

    assertThat(JSON.readTree(out)).isEqualTo(JSON.readTree("""
        [{"role":"assistant","parts":[{"type":"text","content":"Hello"},
          {"type":"tool_call","id":"t1","name":"f","arguments":"{\\"a\\":1}"}],"finish_reason":"end_turn"}]"""));
  }

  @Test
  void embeddingsHaveNoOutputMessages() {
    assertThat(ContentCapture.outputMessages(bytes("{\"object\":\"list\",\"data\":[{\"embedding\":[0.1]}]}")))
        .isNull();
    assertThat(ContentCapture.outputMessages(bytes("not json"))).isNull();
  }

  @Test
  void aStreamIsAccumulatedFromOpenAiChunks() throws Exception {
    var answer = new ContentCapture.StreamedAnswer();
    answer.add(bytes("data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n"
        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":null}]}\n\n"));
    answer.add(bytes("data: {\"choices\":[{\"index\":1,\"delta\":{\"content\":\"other choice\"}}]}\n\n"
        + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
        + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1}}\n\ndata: [DONE]\n\n"));

    assertThat(JSON.readTree(answer.outputMessages())).isEqualTo(JSON.readTree("""
        [{"role":"assistant","parts":[{"type":"text","content":"Hello"}],"finish_reason":"stop"}]"""));
  }

  @Test
  void aStreamIsAccumulatedFromAnthropicEvents() throws Exception {
    var answer = new ContentCapture.StreamedAnswer();
    answer.add(bytes("""
        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Bon"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"jour"}}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":2}}

        """));

    assertThat(JSON.readTree(answer.outputMessages())).isEqualTo(JSON.readTree("""
        [{"role":"assistant","parts":[{"type":"text","content":"Bonjour"}],"finish_reason":"end_turn"}]"""));
  }

  @Test
  void theCapturedAnswerIsBoundedAndStaysValidJson() throws Exception {
    var answer = new ContentCapture.StreamedAnswer();
    String piece = "x".repeat(10_000);
    for (int i = 0; i < 10; i++) {
      answer.add(bytes("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + piece + "\"}}]}\n\n"));
    }
    answer.add(bytes("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}\n\n"));
    JsonNode streamed = JSON.readTree(answer.outputMessages());
    assertThat(streamed.at("/0/parts/0/content").asText()).hasSize(ContentCapture.MAX_CHARS);
    assertThat(streamed.at("/0/finish_reason").asText()).isEqualTo("length");

    String whole = ContentCapture.outputMessages(bytes("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":\"" + "y".repeat(100_000) + "\"},\"finish_reason\":\"stop\"}]}"));
    assertThat(JSON.readTree(whole).at("/0/parts/0/content").asText()).hasSize(ContentCapture.MAX_CHARS);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
