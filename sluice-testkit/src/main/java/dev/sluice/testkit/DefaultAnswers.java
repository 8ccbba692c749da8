package dev.sluice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What the fake answers when nothing is scripted: a success shaped for the endpoint, echoing
 * the requested model, with fixed token counts tests can assert on. Public so a
 * {@link FakeProvider#respondWith responder} can fall back to it for requests it does not care about.
 */
public final class DefaultAnswers {

    public static final String MODEL = "fake-model";
    public static final String CONTENT = "Hello from the fake provider.";
    public static final List<String> STREAM_PIECES = List.of("Hello", " from the", " fake provider.");
    public static final int PROMPT_TOKENS = 10;
    public static final int COMPLETION_TOKENS = 7;
    public static final int EMBEDDING_DIMS = 8;

    private DefaultAnswers() {}

    /**
     * Embeddings paths get one vector per input; chat requests with {@code "stream": true} get
     * a chunk stream (with the usage chunk when {@code stream_options.include_usage} is set);
     * everything else gets a {@code chat.completion}.
     */
    public static FakeResponse forRequest(RecordedRequest request) {
        String model = request.model() != null ? request.model() : MODEL;
        JsonNode json = request.json();
        if (request.path().contains("/embeddings")) {
            return FakeResponse.embeddings(model, inputCount(json), EMBEDDING_DIMS, PROMPT_TOKENS);
        }
        if (json != null && json.path("stream").asBoolean(false)) {
            boolean usage = json.path("stream_options").path("include_usage").asBoolean(false);
            return FakeResponse.chatStream(model, STREAM_PIECES, usage, PROMPT_TOKENS, COMPLETION_TOKENS);
        }
        return FakeResponse.chatCompletion(model, CONTENT, PROMPT_TOKENS, COMPLETION_TOKENS);
    }

    // "input" is a string, a list of strings, one token array, or a list of token arrays.
    private static int inputCount(JsonNode json) {
        JsonNode input = json == null ? null : json.get("input");
        boolean many = input != null && input.isArray() && !input.isEmpty() && !input.get(0).isNumber();
        return many ? input.size() : 1;
    }
}
