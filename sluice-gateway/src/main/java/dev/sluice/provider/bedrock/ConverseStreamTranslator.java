package dev.sluice.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.provider.OpenAiChunkWriter;
import dev.sluice.provider.ProviderException;
import dev.sluice.provider.StreamTranslator;
import dev.sluice.provider.TokenUsage;
import java.util.HashMap;
import java.util.Map;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * A ConverseStream answer (AWS event-stream frames, one JSON event each) as OpenAI
 * {@code chat.completion.chunk} events:
 *
 * <ul>
 *   <li>{@code messageStart}: the role chunk;
 *   <li>{@code contentBlockStart} with a {@code toolUse}: a tool call's first chunk (id, name),
 *       numbered among the tool calls, as OpenAI numbers them, not among all blocks;
 *   <li>{@code contentBlockDelta}: content, tool-call arguments or reasoning text;
 *   <li>{@code messageStop}: the finish-reason chunk;
 *   <li>{@code metadata} (always last): the usage, a usage-only chunk if the client asked for
 *       one, then {@code [DONE]}.
 * </ul>
 *
 * An exception frame ({@code :message-type: exception}, e.g. {@code throttlingException},
 * {@code modelStreamErrorException}) ends the stream with its message; a stream that ends
 * before {@code metadata} was cut short. Holds only the frame in progress.
 *
 * @see <a href="https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStreamOutput.html">ConverseStreamOutput</a>
 */
final class ConverseStreamTranslator implements StreamTranslator {
  /** Far above any real event (Bedrock's are ~100 bytes); bounds what a broken stream costs. */
  static final int MAX_FRAME_BYTES = 4 * 1024 * 1024;

  private final EventStreamReader frames = new EventStreamReader(MAX_FRAME_BYTES);
  private final OpenAiChunkWriter out;
  private final boolean includeUsage;
  private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>(4);
  private boolean started;
  private boolean stopped;
  private boolean done;
  private TokenUsage usage;

  ConverseStreamTranslator(OpenAiChunkWriter out, boolean includeUsage) {
    this.out = out;
    this.includeUsage = includeUsage;
  }

  @Override
  public byte[] feed(byte[] chunk) throws ProviderException {
    if (done) {
      return NOTHING; // nothing is valid after metadata
    }
    frames.feed(chunk, this::onMessage);
    return out.take();
  }

  private void onMessage(Message message) throws ProviderException {
    if (done) {
      return;
    }
    Map<String, HeaderValue> headers = message.getHeaders();
    String messageType = header(headers, ":message-type");
    if ("exception".equals(messageType)) {
      throw new ProviderException("Bedrock stream " + header(headers, ":exception-type") + ": "
          + BedrockErrors.message(message.getPayload(), "no message"));
    }
    if ("error".equals(messageType)) {
      throw new ProviderException("Bedrock stream error " + header(headers, ":error-code") + ": "
          + header(headers, ":error-message"));
    }
    String eventType = header(headers, ":event-type");
    if (eventType == null) {
      return;
    }
    switch (eventType) {
      case "messageStart" -> start();
      case "contentBlockStart" -> blockStart(event(message, eventType));
      case "contentBlockDelta" -> blockDelta(event(message, eventType));
      case "messageStop" -> stop(event(message, eventType));
      case "metadata" -> metadata(event(message, eventType));
      default -> { } // contentBlockStop, and event types newer than this code: nothing to say
    }
  }

  private void start() {
    if (!started) {
      started = true;
      out.role();
    }
  }

  private void blockStart(JsonNode event) {
    start();
    JsonNode toolUse = event.path("start").path("toolUse");
    if (toolUse.isObject()) {
      int index = toolIndexByBlock.size();
      toolIndexByBlock.put(event.path("contentBlockIndex").asInt(), index);
      out.toolStart(index, toolUse.path("toolUseId").asText(), toolUse.path("name").asText());
    }
  }

  private void blockDelta(JsonNode event) throws ProviderException {
    start();
    JsonNode delta = event.path("delta");
    if (delta.path("text").isTextual()) {
      out.content(delta.get("text").asText());
    } else if (delta.path("toolUse").path("input").isTextual()) {
      Integer index = toolIndexByBlock.get(event.path("contentBlockIndex").asInt());
      if (index == null) {
        throw new ProviderException("Bedrock stream: tool input for content block "
            + event.path("contentBlockIndex") + ", which started no tool call");
      }
      out.toolArguments(index, delta.get("toolUse").get("input").asText());
    } else if (delta.path("reasoningContent").path("text").isTextual()) {
      out.reasoning(delta.get("reasoningContent").get("text").asText());
    }
    // Reasoning signatures and redacted reasoning are for Bedrock only; citations have no
    // OpenAI form.
  }

  private void stop(JsonNode event) {
    start();
    stopped = true;
    out.finish(ConverseResponse.finishReason(event.path("stopReason").asText("")));
  }

  private void metadata(JsonNode event) throws ProviderException {
    if (!stopped) {
      throw new ProviderException("Bedrock stream: metadata before messageStop");
    }
    usage = ConverseUsage.read(event.get("usage"));
    if (includeUsage && usage != null) {
      TokenUsage counted = usage;
      out.usage(json -> {
        json.writeFieldName("usage");
        json.writeTree(ConverseUsage.openAi(counted));
      });
    }
    out.done();
    done = true;
  }

  private static JsonNode event(Message message, String eventType) throws ProviderException {
    return Json.parse(message.getPayload(), "a stream event (" + eventType + ")");
  }

  private static String header(Map<String, HeaderValue> headers, String name) {
    HeaderValue value = headers.get(name);
    if (value == null) {
      return null;
    }
    try {
      return value.getString();
    } catch (IllegalStateException notAString) { // the library's answer for other value types
      return null;
    }
  }

  @Override
  public byte[] finish() throws ProviderException {
    if (!done) {
      throw new ProviderException(stopped
          ? "the provider's stream ended before its metadata event (usage)"
          : "the provider's stream ended before messageStop");
    }
    return NOTHING;
  }

  @Override
  public TokenUsage usage() {
    return usage;
  }
}
