package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenCounterTest {
  @Test
  void aRememberedSampleCountsTheSameAndTheMemoryStaysBounded() {
    String system = "You are a careful assistant. Answer in one short paragraph, cite sources.";
    int exact = TokenCounter.count(system);

    assertThat(TokenCounter.countSample(system)).isEqualTo(exact);
    assertThat(TokenCounter.countSample(new String(system))).isEqualTo(exact); // equal text, other instance
    for (int i = 0; i < 10_000; i++) {
      assertThat(TokenCounter.countSample("sample number " + i)).isEqualTo(TokenCounter.count("sample number " + i));
    }
    assertThat(TokenCounter.cachedSamples()).isLessThanOrEqualTo(4_096);
  }

  @Test
  void theParseCountsThePromptAsEstimatePromptDoes() throws Exception {
    String[] chats = {
        "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
            + "{\"role\":\"user\",\"name\":\"ann\",\"content\":[{\"type\":\"text\",\"text\":\"Hi there\"},"
            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\",\"detail\":\"low\"}}]}],"
            + "\"max_tokens\":5,\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "long words here ".repeat(100)
            + "\"}],\"model\":\"m\",\"stream\":true}",
        // not message objects: passed over, and the rest of the body is still read
        "{\"model\":\"m\",\"messages\":[\"odd\",7,[1,2],{\"role\":\"user\",\"content\":\"x\"}],\"user\":\"u\"}",
    };
    for (String chat : chats) {
      byte[] body = chat.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      RequestParser.Estimated parsed = RequestParser.parseEstimating(Endpoint.CHAT, body);
      assertThat(parsed.promptTokens()).as(chat)
          .isEqualTo(TokenCounter.estimatePrompt(RequestParser.parse(Endpoint.CHAT, body)))
          .isGreaterThan(3 + 3); // the reply's priming and one message's framing, at least
      assertThat(parsed.request().model()).isEqualTo("m");
    }
    byte[] twoMessages = chats[0].getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(RequestParser.parseEstimating(Endpoint.CHAT, twoMessages).promptTokens())
        .isEqualTo(3 + 2 * 3 + TokenCounter.count("Be brief.") + TokenCounter.count("ann")
            + TokenCounter.count("Hi there")); // not the image's url and detail, not the tools

    for (String embeddings : new String[] {"{\"model\":\"e\",\"input\":\"one two three\"}",
        "{\"input\":[\"one\",\"two three\"],\"model\":\"e\"}", "{\"model\":\"e\",\"input\":[[1,2,3]]}"}) {
      byte[] body = embeddings.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      assertThat(RequestParser.parseEstimating(Endpoint.EMBEDDINGS, body).promptTokens()).as(embeddings)
          .isEqualTo(TokenCounter.estimatePrompt(RequestParser.parse(Endpoint.EMBEDDINGS, body)));
    }
    assertThat(RequestParser.parseEstimating(Endpoint.EMBEDDINGS,
        "{\"model\":\"e\",\"input\":\"one two three\"}".getBytes()).promptTokens())
        .isEqualTo(TokenCounter.count("one two three"));
  }

  @Test
  void shortTextsAreCountedExactly() {
    String text = "The quick brown fox jumps over the lazy dog.";
    assertThat(TokenCounter.estimate(text)).isEqualTo(TokenCounter.count(text));
  }

  @Test
  void longTextsAreEstimatedWithinAFewPercent() {
    String prose = ("Sluice is the single control point between AI agents and model providers. "
        + "Every request passes six stages, in order, each able to answer the request itself; "
        + "limits and budgets reserve an estimate and settle to the real count. ").repeat(40);
    String code = "for (int i = 0; i < limits.size(); i++) { total += limits.get(i).cost(units); }\n"
        .repeat(60);

    for (String text : new String[] {prose, code}) {
      long exact = TokenCounter.count(text);
      assertThat(TokenCounter.estimate(text)).isBetween((long) (exact * 0.9), (long) (exact * 1.1));
    }
  }
}
