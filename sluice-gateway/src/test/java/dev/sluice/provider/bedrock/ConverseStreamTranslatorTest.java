package dev.sluice.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.provider.ProviderException;
import dev.sluice.provider.StreamTranslator;
import dev.sluice.provider.TokenUsage;
import dev.sluice.testkit.EventStreamFrames;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ConverseStream's failure modes and corners, beyond the golden streams. */
class ConverseStreamTranslatorTest {
  private static final byte[] START = EventStreamFrames.event("messageStart", "{\"role\":\"assistant\"}");
  private static final byte[] HELLO = EventStreamFrames.event("contentBlockDelta",
      "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hello\"},\"p\":\"abc\"}");
  private static final byte[] STOP = EventStreamFrames.event("messageStop", "{\"stopReason\":\"max_tokens\"}");
  private static final byte[] METADATA = EventStreamFrames.event("metadata",
      "{\"usage\":{\"inputTokens\":7,\"outputTokens\":2,\"totalTokens\":9},\"metrics\":{\"latencyMs\":80}}");

  private static StreamTranslator translator(boolean includeUsage) {
    String request = "'stream':true" + (includeUsage ? ",'stream_options':{'include_usage':true}" : "");
    return BedrockGoldenTest.provider().newStreamTranslator(Requests.chatWith(request));
  }

  private static String text(byte[] events) {
    return new String(events, StandardCharsets.UTF_8);
  }

  @Test
  void anExceptionFrameEndsTheStreamWithItsTypeAndMessage() throws Exception {
    StreamTranslator stream = translator(false);
    String before = text(stream.feed(EventStreamFrames.concat(List.of(START, HELLO))));

    assertThat(before).contains("\"content\":\"Hello\"");
    assertThatThrownBy(() -> stream.feed(EventStreamFrames.exception("modelStreamErrorException",
            "The model stopped responding")))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("modelStreamErrorException")
        .hasMessageContaining("The model stopped responding");
  }

  @Test
  void throttlingBeforeAnyContentIsAFailureTheGatewayCanStillRetry() {
    StreamTranslator stream = translator(true);

    assertThatThrownBy(() -> stream.feed(EventStreamFrames.exception("throttlingException",
            "Too many requests, please wait before trying again.")))
        .isInstanceOf(ProviderException.class)
        .hasMessage("Bedrock stream throttlingException: Too many requests, please wait before trying again.");
  }

  @Test
  void aFrameWithABadMessageChecksumEndsTheStreamCleanly() {
    byte[] corrupt = HELLO.clone();
    corrupt[corrupt.length - 10] ^= 0x20; // a payload byte: the message CRC no longer matches

    assertThatThrownBy(() -> translator(false).feed(corrupt))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("malformed event-stream frame")
        .hasMessageContaining("checksum");
  }

  @Test
  void aFrameWithABadPreludeChecksumEndsTheStreamCleanly() {
    byte[] corrupt = HELLO.clone();
    corrupt[9] ^= 0x01; // the prelude CRC

    assertThatThrownBy(() -> translator(false).feed(corrupt))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("malformed event-stream frame");
  }

  @Test
  void anImpossibleFrameLengthIsRefusedBeforeAnythingIsBuffered() {
    byte[] huge = {(byte) 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};

    assertThatThrownBy(() -> translator(false).feed(huge))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("length 2147483647");
  }

  @Test
  void htmlInsteadOfFramesIsRefused() {
    byte[] html = "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> translator(false).feed(html)).isInstanceOf(ProviderException.class);
  }

  @Test
  void aStreamCutBeforeMessageStopWasCutShort() throws Exception {
    StreamTranslator stream = translator(false);
    stream.feed(EventStreamFrames.concat(List.of(START, HELLO)));

    assertThatThrownBy(stream::finish).isInstanceOf(ProviderException.class)
        .hasMessageContaining("before messageStop");
  }

  @Test
  void aStreamCutBeforeItsUsageWasCutShort() throws Exception {
    StreamTranslator stream = translator(false);
    stream.feed(EventStreamFrames.concat(List.of(START, HELLO, STOP)));

    assertThatThrownBy(stream::finish).isInstanceOf(ProviderException.class)
        .hasMessageContaining("before its metadata event");
  }

  @Test
  void aStreamCutInsideAFrameWasCutShort() throws Exception {
    StreamTranslator stream = translator(false);
    byte[] all = EventStreamFrames.concat(List.of(START, HELLO, STOP, METADATA));
    stream.feed(java.util.Arrays.copyOf(all, all.length - 3));

    assertThatThrownBy(stream::finish).isInstanceOf(ProviderException.class);
    assertThat(stream.usage()).isNull();
  }

  @Test
  void maxTokensEndsWithLengthAndUsageIsKeptWhenTheClientDidNotAsk() throws Exception {
    StreamTranslator stream = translator(false);

    String out = text(stream.feed(EventStreamFrames.concat(List.of(START, HELLO, STOP, METADATA))))
        + text(stream.finish());

    assertThat(out).contains("\"finish_reason\":\"length\"").doesNotContain("\"usage\"")
        .endsWith("data: [DONE]\n\n");
    assertThat(stream.usage()).isEqualTo(TokenUsage.of(7, 2));
  }

  @Test
  void reasoningDeltasBecomeReasoningContent() throws Exception {
    byte[] reasoning = EventStreamFrames.event("contentBlockDelta",
        "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":{\"text\":\"Let me think.\"}}}");
    byte[] signature = EventStreamFrames.event("contentBlockDelta",
        "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":{\"signature\":\"EqQBCkgIARABGAIi\"}}}");

    String out = text(translator(false).feed(EventStreamFrames.concat(List.of(START, reasoning, signature))));

    assertThat(out).contains("\"reasoning_content\":\"Let me think.\"").doesNotContain("EqQBCkgIARABGAIi");
  }

  @Test
  void eventTypesThisVersionDoesNotKnowAreSkipped() throws Exception {
    byte[] unknown = EventStreamFrames.event("contentBlockCitation", "{\"contentBlockIndex\":0}");
    StreamTranslator stream = translator(false);

    String out = text(stream.feed(EventStreamFrames.concat(List.of(START, unknown, HELLO, STOP, METADATA))));

    assertThat(out).contains("Hello").endsWith("data: [DONE]\n\n");
    stream.finish();
  }

  @Test
  void nothingIsSentAfterTheEndOfTheStream() throws Exception {
    StreamTranslator stream = translator(false);
    stream.feed(EventStreamFrames.concat(List.of(START, HELLO, STOP, METADATA)));

    assertThat(stream.feed(HELLO)).isEmpty();
  }
}
