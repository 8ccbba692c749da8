package dev.sluice.api.anthropic;

import dev.sluice.sse.SseSplitter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Turns one OpenAI {@code chat.completion.chunk} SSE stream into Anthropic's event stream:
 * {@code message_start}; per content block {@code content_block_start}, deltas
 * ({@code text_delta}, or {@code input_json_delta} for a tool call's arguments) and
 * {@code content_block_stop}; then {@code message_delta} with the stop reason and usage, and
 * {@code message_stop}.
 *
 * <p>Anthropic blocks are strictly sequential, OpenAI deltas nearly so: text opens a text block,
 * each new tool call (a new {@code index}) closes the open block and opens a {@code tool_use}
 * block. OpenAI sends the usage after the finish reason, so {@code message_delta} is written at
 * {@code [DONE]}.
 *
 * <p>Create one per stream, feed it the chunk stream as it comes (split anywhere), and call
 * {@link #finish()} at its end. Holds only the event in progress and a few counters.
 */
public final class AnthropicStreamWriter {
  /** Far above any real chunk; bounds what a misbehaving backend can make us hold. */
  private static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;
  private static final byte[] NOTHING = new byte[0];

  private enum Block { NONE, TEXT, TOOL_USE }

  private final SseSplitter<AnthropicTranslationException> events =
      new SseSplitter<>(MAX_EVENT_BYTES, AnthropicTranslationException::new);
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
  private final AnthropicEvents write = new AnthropicEvents(out);
  private boolean started;
  private boolean done;
  private boolean refused;
  private Block open = Block.NONE;
  private int blockIndex; // Anthropic index of the open block, or of the next one
  private int lastToolCall = -1; // highest OpenAI tool-call index seen
  private String finishReason;
  private CompletionUsage usage;

  /**
   * The Anthropic events the bytes complete; empty while an event is still incomplete. When it
   * throws, the stream is over: end it with {@link AnthropicErrors#sseEvent} (events of the same
   * input before the failure are not returned).
   */
  public byte[] feed(byte[] openAiSse) throws AnthropicTranslationException {
    if (done) {
      return NOTHING; // nothing is valid after [DONE]
    }
    out.reset();
    events.feed(openAiSse, this::onEvent);
    return out.size() == 0 ? NOTHING : out.toByteArray();
  }

  /** At the end of the input: throws if it ended before {@code [DONE]} (the stream was cut). */
  public byte[] finish() throws AnthropicTranslationException {
    if (!done) {
      throw new AnthropicTranslationException("the stream ended before [DONE]");
    }
    return NOTHING;
  }

  private void onEvent(byte[] buffer, int from, int to) throws AnthropicTranslationException {
    if (done) {
      return;
    }
    String name = SseSplitter.eventName(buffer, from, to);
    String data = SseSplitter.data(buffer, from, to);
    if ("error".equals(name)) {
      throw new AnthropicTranslationException("the stream failed: " + errorMessage(data));
    }
    if (data == null) {
      return; // a comment or keep-alive
    }
    if (data.equals("[DONE]")) {
      end();
      return;
    }
    OpenAiChunk chunk = OpenAiChunk.read(data);
    if (chunk.error() != null) {
      throw new AnthropicTranslationException("the stream failed: " + chunk.error());
    }
    if (chunk.usage() != null) {
      usage = chunk.usage();
    }
    if (!started) {
      started = true;
      write.messageStart(Answers.messageId(chunk.id()), chunk.model() == null ? "" : chunk.model(), usage);
    }
    text(chunk.content());
    if (chunk.refusal() != null && !chunk.refusal().isEmpty()) {
      refused = true;
      text(chunk.refusal()); // what the backend said instead of answering
    }
    for (OpenAiChunk.ToolCallDelta call : chunk.toolCalls()) {
      toolCall(call);
    }
    if (chunk.finishReason() != null) {
      finishReason = chunk.finishReason();
      closeBlock();
    }
  }

  private void text(String text) {
    if (text == null || text.isEmpty()) {
      return; // OpenAI's first chunk often carries "": no block for nothing
    }
    if (open != Block.TEXT) {
      closeBlock();
      open = Block.TEXT;
      write.textBlockStart(blockIndex);
    }
    write.textDelta(blockIndex, text);
  }

  private void toolCall(OpenAiChunk.ToolCallDelta call) throws AnthropicTranslationException {
    boolean continues = open == Block.TOOL_USE && call.index() == lastToolCall;
    if (!continues) {
      if (call.index() <= lastToolCall) {
        // Anthropic blocks cannot interleave, and re-opening a closed block is not possible.
        throw new AnthropicTranslationException("tool call " + call.index()
            + " continued after another content block started");
      }
      if (call.id() == null || call.name() == null) {
        throw new AnthropicTranslationException(
            "tool call " + call.index() + " started without an id and a name");
      }
      closeBlock();
      open = Block.TOOL_USE;
      lastToolCall = call.index();
      write.toolUseBlockStart(blockIndex, call.id(), call.name());
    }
    if (call.arguments() != null && !call.arguments().isEmpty()) {
      write.inputJsonDelta(blockIndex, call.arguments());
    }
  }

  private void closeBlock() {
    if (open != Block.NONE) {
      write.blockStop(blockIndex);
      blockIndex++;
      open = Block.NONE;
    }
  }

  private void end() throws AnthropicTranslationException {
    if (!started) {
      throw new AnthropicTranslationException("the stream ended before its first chunk");
    }
    closeBlock();
    write.messageDelta(Answers.stopReason(finishReason, refused), usage);
    write.messageStop();
    done = true;
  }

  /** The message of an {@code event: error} (our own OpenAI-shaped error event), if readable. */
  private static String errorMessage(String data) {
    if (data == null) {
      return "error";
    }
    try {
      String message = AnthropicRequests.JSON.readTree(data).path("error").path("message").textValue();
      return message == null ? data : message;
    } catch (IOException e) {
      return data;
    }
  }
}
