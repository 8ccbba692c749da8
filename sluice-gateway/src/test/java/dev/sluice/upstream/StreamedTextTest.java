package dev.sluice.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamedTextTest {
  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void countsContentAndToolArgumentsAcrossEventsAtFourBytesAToken() {
    StreamedText text = new StreamedText();
    text.add(bytes("data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"));
    assertThat(text.any()).isFalse();

    text.add(bytes("data: {\"choices\":[{\"delta\":{\"content\":\"Hello \\\"wor\"}}]}\n\n"
        + "data: {\"choices\":[{\"delta\":{\"content\": \"ld\"}}]}\n\n"));
    text.add(bytes("data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"{\\\"q\\\":1}\"}}]}}]}\n\n"));

    assertThat(text.any()).isTrue();
    // As sent: Hello \"wor is 11 bytes, ld 2, the arguments {\"q\":1} 9: 22 bytes, 6 tokens.
    assertThat(text.estimatedTokens()).isEqualTo(6);
  }

  @Test
  void aNullContentIsNoText() {
    StreamedText text = new StreamedText();
    text.add(bytes("data: {\"choices\":[{\"delta\":{\"content\":null},\"finish_reason\":\"stop\"}]}\n\n"));

    assertThat(text.any()).isFalse();
  }
}
