package dev.sluice.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.sluice.provider.TokenUsage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The usage scan against the Jackson reader it stands in for: the same counts wherever the scan
 * answers, and no answer (so the reader decides) for what it does not read. {@link
 * OpenAiUsageScanFuzzTest} checks the agreement on any bytes.
 */
class OpenAiUsageScanTest {
  private static final JsonFactory JSON = new JsonFactory();

  static TokenUsage scan(String usage) {
    return OpenAiUsageScan.read(usage.getBytes(StandardCharsets.UTF_8), 0);
  }

  /** What the reader, the reference, makes of the object at {@code start}. */
  static TokenUsage parsed(byte[] json, int start) throws IOException {
    try (JsonParser parser = JSON.createParser(json, start, json.length - start)) {
      parser.nextToken();
      return OpenAiUsage.read(parser);
    }
  }

  @Test
  void readsOpenAisUsageAsItIsSent() {
    assertThat(scan("""
        {
            "prompt_tokens": 1117,
            "completion_tokens": 46,
            "total_tokens": 1163,
            "prompt_tokens_details": { "cached_tokens": 1024, "audio_tokens": 0 },
            "completion_tokens_details": {
              "reasoning_tokens": 12, "audio_tokens": 0,
              "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0
            }
          }"""))
        .isEqualTo(new TokenUsage(1117, 46, 1024, 0, 12));
    assertThat(scan("{\"prompt_tokens\":8,\"total_tokens\":8}")).as("embeddings")
        .isEqualTo(new TokenUsage(8, 0, 0, 0, 0));
    assertThat(scan("{}")).isEqualTo(new TokenUsage(0, 0, 0, 0, 0));
    assertThat(scan("{\"prompt_tokens\":5,\"prompt_tokens_details\":null,\"completion_tokens\":-3}"))
        .as("null details, a negative count").isEqualTo(new TokenUsage(5, 0, 0, 0, 0));
  }

  @Test
  void leavesWhatItDoesNotReadToTheParser() throws IOException {
    for (String usage : new String[] {
        "null", "{\"prompt_tokens\":1.0}", "{\"prompt_tokens\":1e3}", "{\"prompt_tokens\":\"7\"}",
        "{\"pr\\u006fmpt_tokens\":7}", "{\"prompt_tokens\":7,}", "{\"prompt_tokens\":7 \"x\":1}",
        "{\"prompt_tokens\":0123}", "{\"prompt_tokens\":12345678901234567890}",
        "{\"extra\":[1,2]}", "{\"extra\":{\"deep\":{}}}", "{\"prompt_tokens\":true}",
        "{\"prompt_tokens\":7", "{\"prompt_tokens\" 7}"}) {
      assertThat(scan(usage)).as(usage).isNull();
    }
    // ...where the reader is the one that decides: here, the escaped name is prompt_tokens.
    byte[] escaped = "{\"pr\\u006fmpt_tokens\":7}".getBytes(StandardCharsets.UTF_8);
    assertThat(parsed(escaped, 0)).isEqualTo(new TokenUsage(7, 0, 0, 0, 0));
    byte[] tooLarge = "{\"prompt_tokens\":12345678901234567890}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> parsed(tooLarge, 0)).isInstanceOf(IOException.class);
  }

  @Test
  void theReaderPassesOverAnObjectWhereACountShouldBe() throws IOException {
    byte[] json = "{\"prompt_tokens\":{\"completion_tokens\":9},\"completion_tokens\":4}"
        .getBytes(StandardCharsets.UTF_8);
    assertThat(parsed(json, 0)).isEqualTo(new TokenUsage(0, 4, 0, 0, 0));
  }
}
