package dev.sluice.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Message contents on the request's span, only when {@code observability.captureContent} is on.
 *
 * <p>{@code gen_ai.input.messages}: the {@code messages} array as the client sent it (OpenAI's
 * or Anthropic's), or the embeddings {@code input}; longer text is cut at {@link #MAX_CHARS}.
 *
 * <p>{@code gen_ai.output.messages}: the answer, in the GenAI semantic conventions' shape,
 * {@code [{"role":"assistant","parts":[{"type":"text","content":"..."}],"finish_reason":"stop"}]}
 * with a {@code tool_call} part per tool call of a whole answer; for a stream, the text of the
 * first choice as it was streamed, accumulated. The answer's text is bounded at {@link #MAX_CHARS}
 * characters in all, cut inside the JSON so that the attribute stays valid JSON. Embeddings have
 * no output messages.
 */
final class ContentCapture {
  static final int MAX_CHARS = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ContentCapture() {}

  static String inputMessages(ClientRequest request) {
    byte[] body = request.anthropicBody() != null ? request.anthropicBody() : request.body();
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      JsonNode root = JSON.readTree(body);
      JsonNode messages = root == null ? null
          : root.get(request.endpoint() == Endpoint.EMBEDDINGS ? "input" : "messages");
      if (messages == null) {
        return null;
      }
      String text = messages.toString();
      return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The output messages of a whole answer as the client got it: an OpenAI chat completion, or an
   * Anthropic message on {@code /v1/messages}; null for embeddings or a body that is neither.
   */
  static String outputMessages(byte[] body) {
    try {
      JsonNode root = JSON.readTree(body);
      if (root == null) {
        return null;
      }
      Budget budget = new Budget();
      ArrayNode messages = JSON.createArrayNode();
      if (root.path("choices").isArray()) { // OpenAI chat.completion
        for (JsonNode choice : root.get("choices")) {
          JsonNode message = choice.path("message");
          ObjectNode out = assistant(messages, message.path("role").asText("assistant"));
          ArrayNode parts = out.putArray("parts");
          if (message.path("content").isTextual()) {
            text(parts, message.get("content").asText(), budget);
          }
          for (JsonNode call : message.path("tool_calls")) {
            toolCall(parts, call.path("id"), call.path("function").path("name"),
                call.path("function").path("arguments"), budget);
          }
          finish(out, choice.path("finish_reason"));
        }
      } else if (root.path("content").isArray()) { // Anthropic message
        ObjectNode out = assistant(messages, root.path("role").asText("assistant"));
        ArrayNode parts = out.putArray("parts");
        for (JsonNode block : root.get("content")) {
          switch (block.path("type").asText()) {
            case "text" -> text(parts, block.path("text").asText(), budget);
            case "tool_use" -> toolCall(parts, block.path("id"), block.path("name"),
                block.path("input"), budget);
            default -> { } // thinking and other blocks are not the answer's message
          }
        }
        finish(out, root.path("stop_reason"));
      } else {
        return null;
      }
      return messages.toString();
    } catch (IOException e) {
      return null;
    }
  }

  private static ObjectNode assistant(ArrayNode messages, String role) {
    return messages.addObject().put("role", role);
  }

  private static void text(ArrayNode parts, String text, Budget budget) {
    parts.addObject().put("type", "text").put("content", budget.take(text));
  }

  private static void toolCall(ArrayNode parts, JsonNode id, JsonNode name, JsonNode arguments,
      Budget budget) {
    ObjectNode part = parts.addObject().put("type", "tool_call");
    if (id.isTextual()) {
      part.put("id", id.asText());
    }
    part.put("name", name.asText());
    // OpenAI sends the arguments as a JSON string, Anthropic as an object: both are kept as text.
    part.put("arguments", budget.take(arguments.isTextual() ? arguments.asText() : arguments.toString()));
  }

  private static void finish(ObjectNode out, JsonNode reason) {
    if (reason.isTextual()) {
      out.put("finish_reason", reason.asText());
    }
  }

  /** What is left of {@link #MAX_CHARS} for the answer's text. */
  private static final class Budget {
    private int left = MAX_CHARS;

    String take(String text) {
      String kept = text.length() <= left ? text : text.substring(0, left);
      left -= kept.length();
      return kept;
    }
  }

  /**
   * A stream's answer as it is written to the client: the text deltas of the first choice (OpenAI
   * chunks) or of the message (Anthropic events), and the finish reason. Keeps at most
   * {@link #MAX_CHARS} characters; the events after that are still read for the finish reason.
   * One per traced request with capture on, fed from its event loop only.
   */
  static final class StreamedAnswer {
    private final StringBuilder text = new StringBuilder();
    private String finishReason;

    void add(byte[] events) {
      String batch = new String(events, StandardCharsets.UTF_8);
      int at = 0;
      while (at < batch.length()) {
        int end = batch.indexOf('\n', at);
        if (end < 0) {
          end = batch.length();
        }
        String line = batch.substring(at, end).strip();
        at = end + 1;
        if (line.startsWith("data:")) {
          event(line.substring("data:".length()).strip());
        }
      }
    }

    private void event(String data) {
      if (data.isEmpty() || data.equals("[DONE]")) {
        return;
      }
      JsonNode event;
      try {
        event = JSON.readTree(data);
      } catch (IOException e) {
        return; // a line cut between two writes, or not JSON: its text is lost, never the request
      }
      if (event == null) {
        return;
      }
      JsonNode choice = event.path("choices").path(0);
      if (!choice.isMissingNode()) { // OpenAI chunk
        if (choice.path("index").asInt(0) == 0) {
          append(choice.path("delta").path("content"));
          reason(choice.path("finish_reason"));
        }
      } else if ("content_block_delta".equals(event.path("type").asText())) { // Anthropic
        append(event.path("delta").path("text"));
      } else if ("message_delta".equals(event.path("type").asText())) {
        reason(event.path("delta").path("stop_reason"));
      }
    }

    private void append(JsonNode delta) {
      if (delta.isTextual() && text.length() < MAX_CHARS) {
        String piece = delta.asText();
        text.append(piece, 0, Math.min(piece.length(), MAX_CHARS - text.length()));
      }
    }

    private void reason(JsonNode reason) {
      if (reason.isTextual()) {
        finishReason = reason.asText();
      }
    }

    /** The conventions' output messages: one assistant message with the text streamed. */
    String outputMessages() {
      ArrayNode messages = JSON.createArrayNode();
      ObjectNode out = assistant(messages, "assistant");
      out.putArray("parts").addObject().put("type", "text").put("content", text.toString());
      if (finishReason != null) {
        out.put("finish_reason", finishReason);
      }
      return messages.toString();
    }
  }
}
