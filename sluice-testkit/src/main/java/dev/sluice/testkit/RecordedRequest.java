package dev.sluice.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the fake received for one request. Immutable: header lists are copied, and
 * {@link #json()} hands out a copy so one assertion cannot change what the next one sees.
 *
 * @param path         the request target as sent: path plus query, e.g. {@code /v1/chat/completions?x=1}
 * @param headers      all headers, looked up case-insensitively
 * @param json         the body parsed as JSON, or {@code null} when it is not (exactly one) JSON value
 * @param arrivalNanos {@link System#nanoTime()} when the request head arrived, to assert gaps between retries
 * @param protocol     {@code HTTP/1.1} or {@code HTTP/2}
 */
public record RecordedRequest(
        String method, String path, Map<String, List<String>> headers, String body, JsonNode json,
        long arrivalNanos, String protocol) {

    // Trailing tokens make a body invalid JSON: "{} x" must not count as a JSON request.
    private static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(protocol, "protocol");
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.merge(name, List.copyOf(values), RecordedRequest::concat));
        headers = Collections.unmodifiableMap(copy);
        json = json == null ? null : json.deepCopy();
    }

    /** Builds a record of an HTTP/1.1 request, parsing {@code body} as JSON when it is JSON. */
    public static RecordedRequest of(
            String method, String path, Map<String, List<String>> headers, String body, long arrivalNanos) {
        return of(method, path, headers, body, arrivalNanos, "HTTP/1.1");
    }

    /** Builds a record, parsing {@code body} as JSON when it is JSON. */
    public static RecordedRequest of(String method, String path, Map<String, List<String>> headers,
            String body, long arrivalNanos, String protocol) {
        return new RecordedRequest(method, path, headers, body, parse(body), arrivalNanos, protocol);
    }

    /** The first value of the header, or {@code null} when absent. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** Every value of the header, in arrival order; empty when absent. */
    public List<String> headers(String name) {
        return headers.getOrDefault(name, List.of());
    }

    /** A copy of the parsed body, or {@code null} when the body is not JSON. */
    @Override
    public JsonNode json() {
        return json == null ? null : json.deepCopy();
    }

    /** The body's {@code model} field, or {@code null} when there is none. */
    public String model() {
        JsonNode model = json == null ? null : json.get("model");
        return model != null && model.isTextual() ? model.asText() : null;
    }

    private static JsonNode parse(String body) {
        if (body.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
