package dev.sluice.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The mock backend's answers, in OpenAI's exact wire shapes. */
final class MockAnswers {
  private MockAnswers() {}

  static byte[] chat(String model, String reply, long promptTokens, long completionTokens) {
    ObjectNode answer = MockProvider.MAPPER.createObjectNode();
    answer.put("id", id(reply));
    answer.put("object", "chat.completion");
    answer.put("created", now());
    answer.put("model", model);
    ObjectNode choice = answer.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", reply);
    message.putNull("refusal");
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    usage(answer.putObject("usage"), promptTokens, completionTokens);
    return bytes(answer);
  }

  /**
   * The reply streamed in word-sized pieces: a role chunk, content chunks, a finish chunk,
   * the usage-only chunk when asked for, then {@code [DONE]}. One event per list item.
   */
  static List<byte[]> chatStream(
      String model, String reply, boolean includeUsage, long promptTokens, long completionTokens) {
    String id = id(reply);
    long created = now();
    List<byte[]> events = new ArrayList<>();
    events.add(event(chunk(id, created, model, delta -> delta.put("role", "assistant").put("content", ""), null)));
    for (String piece : pieces(reply)) {
      events.add(event(chunk(id, created, model, delta -> delta.put("content", piece), null)));
    }
    events.add(event(chunk(id, created, model, delta -> { }, "stop")));
    if (includeUsage) {
      ObjectNode usageChunk = base(id, created, model);
      usageChunk.putArray("choices");
      usage(usageChunk.putObject("usage"), promptTokens, completionTokens);
      events.add(event(usageChunk));
    }
    events.add("data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII));
    return events;
  }

  static byte[] embeddings(String model, JsonNode input, long promptTokens) {
    ObjectNode answer = MockProvider.MAPPER.createObjectNode();
    answer.put("object", "list");
    ArrayNode data = answer.putArray("data");
    List<String> inputs = new ArrayList<>();
    if (input.isArray()) {
      input.forEach(item -> inputs.add(item.toString()));
    } else {
      inputs.add(input.asText());
    }
    for (int i = 0; i < inputs.size(); i++) {
      ObjectNode item = data.addObject();
      item.put("object", "embedding");
      item.put("index", i);
      ArrayNode vector = item.putArray("embedding");
      // Deterministic: the same text always gets the same vector.
      java.util.Random seeded = new java.util.Random(inputs.get(i).hashCode());
      for (int d = 0; d < 64; d++) {
        vector.add(Math.round((seeded.nextDouble() * 2 - 1) * 1e6) / 1e6);
      }
    }
    answer.put("model", model);
    ObjectNode usage = answer.putObject("usage");
    usage.put("prompt_tokens", promptTokens);
    usage.put("total_tokens", promptTokens);
    return bytes(answer);
  }

  private static ObjectNode chunk(
      String id, long created, String model, java.util.function.Consumer<ObjectNode> delta, String finish) {
    ObjectNode chunk = base(id, created, model);
    ObjectNode choice = chunk.putArray("choices").addObject();
    choice.put("index", 0);
    delta.accept(choice.putObject("delta"));
    choice.putNull("logprobs");
    if (finish == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finish);
    }
    return chunk;
  }

  private static ObjectNode base(String id, long created, String model) {
    ObjectNode chunk = MockProvider.MAPPER.createObjectNode();
    chunk.put("id", id);
    chunk.put("object", "chat.completion.chunk");
    chunk.put("created", created);
    chunk.put("model", model);
    return chunk;
  }

  private static void usage(ObjectNode usage, long promptTokens, long completionTokens) {
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", completionTokens);
    usage.put("total_tokens", promptTokens + completionTokens);
  }

  /** Words with their following whitespace: joined back they give the reply exactly. */
  static List<String> pieces(String reply) {
    List<String> pieces = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= reply.length(); i++) {
      if (i == reply.length() || (Character.isWhitespace(reply.charAt(i - 1)) && !Character.isWhitespace(reply.charAt(i)))) {
        pieces.add(reply.substring(start, i));
        start = i;
      }
    }
    return pieces;
  }

  private static String id(String reply) {
    return "chatcmpl-mock-" + Integer.toHexString(reply.hashCode());
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  private static byte[] event(ObjectNode chunk) {
    byte[] json = bytes(chunk);
    byte[] event = new byte[json.length + 8];
    System.arraycopy("data: ".getBytes(StandardCharsets.US_ASCII), 0, event, 0, 6);
    System.arraycopy(json, 0, event, 6, json.length);
    event[event.length - 2] = '\n';
    event[event.length - 1] = '\n';
    return event;
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return MockProvider.MAPPER.writeValueAsBytes(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
