package dev.sluice.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OpenAI response bodies shaped like the real API's, fields in the same order. Built as
 * Jackson trees so any content a test passes is escaped correctly.
 */
final class OpenAiBodies {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    // Ids differ per answer, like the real API's, but stay readable in test failures.
    private static final AtomicLong IDS = new AtomicLong();

    private OpenAiBodies() {}

    static String chatCompletion(String model, ObjectNode message, String finishReason, int prompt, int completion) {
        ObjectNode root = envelope(nextId("chatcmpl"), "chat.completion", now(), model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("message", message);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        root.set("usage", usage(prompt, completion));
        return write(root);
    }

    static ObjectNode textMessage(String content) {
        ObjectNode message = MAPPER.createObjectNode();
        message.put("role", "assistant");
        message.put("content", content);
        message.putNull("refusal");
        return message;
    }

    static ObjectNode toolCallMessage(String toolName, String argumentsJson) {
        ObjectNode message = MAPPER.createObjectNode();
        message.put("role", "assistant");
        message.putNull("content");
        message.putNull("refusal");
        ObjectNode call = message.putArray("tool_calls").addObject();
        call.put("id", nextId("call"));
        call.put("type", "function");
        call.putObject("function").put("name", toolName).put("arguments", argumentsJson);
        return message;
    }

    /**
     * The data of each chunk of one streamed answer in OpenAI's order: the role, one chunk per
     * content piece, the finish reason, then (with {@code stream_options.include_usage}) a chunk
     * with no choices carrying the usage. With include_usage every other chunk has {@code "usage": null}.
     */
    static List<String> chatChunks(String model, List<String> pieces, boolean usageChunk, int prompt, int completion) {
        String id = nextId("chatcmpl");
        long created = now();
        List<String> chunks = new ArrayList<>();
        ObjectNode role = MAPPER.createObjectNode().put("role", "assistant").put("content", "");
        role.putNull("refusal");
        chunks.add(chunk(id, created, model, role, null, usageChunk));
        for (String piece : pieces) {
            chunks.add(chunk(id, created, model, MAPPER.createObjectNode().put("content", piece), null, usageChunk));
        }
        chunks.add(chunk(id, created, model, MAPPER.createObjectNode(), "stop", usageChunk));
        if (usageChunk) {
            ObjectNode last = envelope(id, "chat.completion.chunk", created, model);
            last.putArray("choices");
            last.set("usage", usage(prompt, completion));
            chunks.add(write(last));
        }
        return chunks;
    }

    /** One vector per input, with deterministic values so answers can be compared. */
    static String embeddings(String model, int vectors, int dims, int prompt) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("object", "list");
        var data = root.putArray("data");
        for (int i = 0; i < vectors; i++) {
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            var vector = item.putArray("embedding");
            for (int d = 0; d < dims; d++) {
                vector.add(Math.round(Math.sin(i * dims + d + 1) * 1e6) / 1e6);
            }
        }
        root.put("model", model);
        root.putObject("usage").put("prompt_tokens", prompt).put("total_tokens", prompt);
        return write(root);
    }

    static String error(String type, String message) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        error.putNull("code");
        return write(root);
    }

    private static String chunk(
            String id, long created, String model, ObjectNode delta, String finishReason, boolean usageChunk) {
        ObjectNode root = envelope(id, "chat.completion.chunk", created, model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        if (usageChunk) {
            root.putNull("usage");
        }
        return write(root);
    }

    private static ObjectNode envelope(String id, String object, long created, String model) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", created);
        root.put("model", model);
        root.put("system_fingerprint", "fp_sluice_fake");
        return root;
    }

    private static ObjectNode usage(int prompt, int completion) {
        ObjectNode usage = MAPPER.createObjectNode();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        usage.putObject("prompt_tokens_details").put("cached_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", 0);
        return usage;
    }

    private static String nextId(String prefix) {
        return prefix + "-fake-" + IDS.incrementAndGet();
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static String write(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
