package dev.sluice.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.provider.ProviderException;
import dev.sluice.provider.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpenAiStreamTranslatorTest {
  static final String STREAM = ""
      + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}],\"usage\":null}\n\n"
      + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hé\"}}],\"usage\":null}\n\n"
      + ": keep-alive comment\n\n"
      + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}\r\n\r\n"
      + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15,"
      + "\"prompt_tokens_details\":{\"cached_tokens\":8},\"completion_tokens_details\":{\"reasoning_tokens\":1}}}\n\n"
      + "data: [DONE]\n\n";

  private static String run(OpenAiStreamTranslator translator, byte[] bytes, int... splits) throws ProviderException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int from = 0;
    for (int split : splits) {
      out.writeBytes(translator.feed(java.util.Arrays.copyOfRange(bytes, from, split)));
      from = split;
    }
    out.writeBytes(translator.feed(java.util.Arrays.copyOfRange(bytes, from, bytes.length)));
    out.writeBytes(translator.finish());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void everySplitPointGivesTheSameOutputAndUsage() throws ProviderException {
    byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
    OpenAiStreamTranslator whole = new OpenAiStreamTranslator(true);
    String expected = run(whole, bytes);
    for (int split = 1; split < bytes.length; split++) {
      OpenAiStreamTranslator translator = new OpenAiStreamTranslator(true);
      assertThat(run(translator, bytes, split)).as("split at %d", split).isEqualTo(expected);
      assertThat(translator.usage()).isEqualTo(whole.usage());
    }
    for (int a = 1; a < bytes.length - 1; a += 7) { // and pairs of splits
      OpenAiStreamTranslator translator = new OpenAiStreamTranslator(true);
      assertThat(run(translator, bytes, a, a + 1)).isEqualTo(expected);
    }
  }

  @Test
  void hidesTheUsageChunkWhenSluiceAskedForIt() throws ProviderException {
    OpenAiStreamTranslator translator = new OpenAiStreamTranslator(true);

    String out = run(translator, STREAM.getBytes(StandardCharsets.UTF_8));

    assertThat(out).doesNotContain("\"prompt_tokens\"").endsWith("data: [DONE]\n\n").contains("Hé");
    assertThat(translator.usage()).isEqualTo(new TokenUsage(12, 3, 8, 0, 1));
  }

  @Test
  void keepsTheUsageChunkWhenTheClientAskedForIt() throws ProviderException {
    OpenAiStreamTranslator translator = new OpenAiStreamTranslator(false);

    assertThat(run(translator, STREAM.getBytes(StandardCharsets.UTF_8))).contains("\"prompt_tokens\":12");
  }

  @Test
  void streamWithoutDoneIsCutShort() throws ProviderException {
    OpenAiStreamTranslator translator = new OpenAiStreamTranslator(true);
    translator.feed("data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(translator::finish).isInstanceOf(ProviderException.class).hasMessageContaining("[DONE]");
  }

  @Test
  void malformedUsageEventIsAnError() {
    OpenAiStreamTranslator translator = new OpenAiStreamTranslator(true);

    assertThatThrownBy(() -> translator.feed("data: {\"usage\": {\"prompt_tokens\": \n\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ProviderException.class);
  }

  @Test
  void anOversizedEventIsRefusedInsteadOfBuffered() {
    OpenAiStreamTranslator translator = new OpenAiStreamTranslator(true);
    byte[] chunk = new byte[1024 * 1024];
    java.util.Arrays.fill(chunk, (byte) 'x');

    assertThatThrownBy(() -> {
      for (int i = 0; i < 5; i++) {
        translator.feed(chunk);
      }
    }).isInstanceOf(ProviderException.class).hasMessageContaining("larger than");
  }
}
