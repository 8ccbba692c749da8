package dev.sluice.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.provider.OpenAiChunkWriter;
import dev.sluice.provider.ProviderException;
import dev.sluice.sse.SseSplitter;
import dev.sluice.provider.StreamTranslator;
import dev.sluice.provider.TokenUsage;
import java.util.HashMap;
import java.util.Map;

/**
 * Anthropic's event stream to OpenAI {@code chat.completion.chunk}s, event by event:
 *
 * <ul>
 *   <li>{@code message_start}: the id, model and input usage; the first chunk, with the role;
 *   <li>{@code content_block_start}: a {@code tool_use} block opens a tool call (id, name);
 *   <li>{@code content_block_delta}: {@code text_delta} is content, {@code input_json_delta} a
 *       piece of the current tool call's arguments;
 *   <li>{@code message_delta}: the stop reason (the finish_reason chunk) and the final, cumulative
 *       usage, output tokens above all: usage read only from {@code message_start} would miss
 *       almost all of the answer's output;
 *   <li>{@code message_stop}: the usage-only chunk if the client asked for it, then {@code [DONE]}.
 * </ul>
 *
 * {@code ping} and event types Anthropic may add later are skipped, as Anthropic's streaming
 * guide asks of clients; an {@code error} event ends the stream with its message. Holds only the
 * event in progress, and per tool call one index.
 */
final class AnthropicStreamTranslator implements StreamTranslator {
  /** Far above any real event; bounds what a misbehaving provider can make us hold. */
  private static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;

  private final boolean includeUsage;
  private final long created;
  private final SseSplitter<ProviderException> splitter =
      new SseSplitter<>(MAX_EVENT_BYTES, ProviderException::new);
  /** Anthropic's content block index to the OpenAI index of the tool call it carries. */
  private final Map<Integer, Integer> toolCalls = new HashMap<>();
  private OpenAiChunkWriter chunks; // from message_start on
  private AnthropicUsage usage; // from message_start on
  private boolean finishSent;
  private boolean done;

  AnthropicStreamTranslator(boolean includeUsage, long created) {
    this.includeUsage = includeUsage;
    this.created = created;
  }

  @Override
  public byte[] feed(byte[] chunk) throws ProviderException {
    if (done) {
      return NOTHING; // nothing is valid after message_stop
    }
    splitter.feed(chunk, this::onEvent);
    return chunks == null ? NOTHING : chunks.take();
  }

  private void onEvent(byte[] buffer, int from, int to) throws ProviderException {
    String data = done ? null : SseSplitter.data(buffer, from, to);
    if (data == null) {
      return; // an SSE comment, or after message_stop
    }
    StreamEvent event = StreamEvent.read(data);
    switch (event.type()) {
      case "message_start" -> start(event.object());
      case "content_block_start" -> blockStart(started(event).index(), event.object());
      case "content_block_delta" -> delta(started(event));
      case "message_delta" -> messageDelta(started(event));
      case "message_stop" -> {
        started(event);
        stop();
      }
      case "error" -> throw new ProviderException(AnthropicErrors.describe(event.object()));
      default -> { } // ping, content_block_stop, and types added after this was written
    }
  }

  private StreamEvent started(StreamEvent event) throws ProviderException {
    if (chunks == null) {
      throw new ProviderException("the provider's stream sent " + event.type() + " before message_start");
    }
    return event;
  }

  private void start(JsonNode message) throws ProviderException {
    if (chunks != null || message == null) {
      throw new ProviderException("the provider's stream sent an unexpected message_start");
    }
    usage = AnthropicUsage.read(message.get("usage"));
    chunks = new OpenAiChunkWriter(Json.text(message, "id"), created, Json.text(message, "model"));
    chunks.role();
  }

  private void blockStart(int index, JsonNode block) throws ProviderException {
    String type = block == null ? null : Json.text(block, "type");
    if ("text".equals(type)) {
      String text = Json.text(block, "text");
      if (text != null && !text.isEmpty()) {
        chunks.content(text);
      }
    } else if ("tool_use".equals(type)) {
      int call = toolCalls.size();
      toolCalls.put(index, call);
      chunks.toolStart(call, Json.text(block, "id"), Json.text(block, "name"));
    } else if (!Content.skipped(type)) {
      throw Content.unexpected(type);
    }
  }

  private void delta(StreamEvent event) throws ProviderException {
    String type = event.deltaType() == null ? "" : event.deltaType();
    switch (type) {
      case "text_delta" -> {
        if (event.text() != null && !event.text().isEmpty()) {
          chunks.content(event.text());
        }
      }
      case "input_json_delta" -> {
        Integer call = toolCalls.get(event.index());
        if (call == null) {
          throw new ProviderException("the provider's stream sent tool input for block "
              + event.index() + ", which is not a tool_use block");
        }
        // Anthropic opens each tool block with an empty piece: it adds nothing to the arguments.
        if (event.text() != null && !event.text().isEmpty()) {
          chunks.toolArguments(call, event.text());
        }
      }
      case "thinking_delta", "signature_delta" -> { } // of a skipped thinking block
      default -> throw new ProviderException("the provider's stream sent a delta of type '" + type
          + "', which Sluice cannot translate to OpenAI's schema");
    }
  }

  private void messageDelta(StreamEvent event) {
    usage = usage.with(event.usage());
    if (event.stopReason() != null && !finishSent) {
      finishSent = true;
      chunks.finish(FinishReasons.of(event.stopReason()));
    }
  }

  private void stop() {
    done = true;
    if (includeUsage) {
      chunks.usage(usage::writeOpenAi);
    }
    chunks.done();
  }

  @Override
  public byte[] finish() throws ProviderException {
    if (!done) {
      throw new ProviderException("the provider's stream ended before message_stop");
    }
    return NOTHING;
  }

  @Override
  public TokenUsage usage() {
    return usage == null ? null : usage.tokenUsage();
  }
}
