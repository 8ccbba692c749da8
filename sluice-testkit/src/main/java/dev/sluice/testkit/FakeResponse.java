package dev.sluice.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One scripted answer of the {@link FakeProvider}: a JSON body, an SSE stream, a binary stream
 * (e.g. AWS event-stream frames), or a fault.
 * Immutable; build with the static factories, adjust with the {@code with...} methods.
 */
public final class FakeResponse {

    enum Kind { BODY, SSE, BINARY, REPEAT, TRICKLE, STALL, CLOSE }

    /** How an SSE stream ends after its events: cleanly, with a TCP reset, or with a bare close. */
    enum Ending { COMPLETE, RESET, TRUNCATE }

    private static final String MALFORMED = "{\"id\": \"chatcmpl-fake\", \"choices\": [";

    private final Kind kind;
    private final int status;
    private final String body;
    private final List<SseEvent> events;
    private final List<Map.Entry<String, String>> headers;
    private final Duration delay;
    private final Ending ending;
    private final int eventsBeforeEnd;
    private final String contentType; // BINARY only
    private final List<byte[]> chunks; // BINARY; REPEAT and TRICKLE hold their one piece here
    private final int repeat; // REPEAT: how many times the piece is sent
    private final Duration interval; // TRICKLE: the pause before each byte

    private FakeResponse(Kind kind, int status, String body, List<SseEvent> events,
            List<Map.Entry<String, String>> headers, Duration delay, Ending ending, int eventsBeforeEnd) {
        this(kind, status, body, events, headers, delay, ending, eventsBeforeEnd, null, List.of());
    }

    private FakeResponse(Kind kind, int status, String body, List<SseEvent> events,
            List<Map.Entry<String, String>> headers, Duration delay, Ending ending, int eventsBeforeEnd,
            String contentType, List<byte[]> chunks) {
        this(kind, status, body, events, headers, delay, ending, eventsBeforeEnd, contentType, chunks, 0,
                Duration.ZERO);
    }

    private FakeResponse(Kind kind, int status, String body, List<SseEvent> events,
            List<Map.Entry<String, String>> headers, Duration delay, Ending ending, int eventsBeforeEnd,
            String contentType, List<byte[]> chunks, int repeat, Duration interval) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 100-599)");
        }
        this.kind = kind;
        this.status = status;
        this.body = body;
        this.events = List.copyOf(events);
        this.headers = List.copyOf(headers);
        this.delay = delay;
        this.ending = ending;
        this.eventsBeforeEnd = eventsBeforeEnd;
        this.contentType = contentType;
        this.chunks = chunks.stream().map(byte[]::clone).toList();
        this.repeat = repeat;
        this.interval = interval;
    }

    /** A body sent as {@code application/json}; any text, so tests can send what a broken provider sends. */
    public static FakeResponse json(int status, String body) {
        return new FakeResponse(Kind.BODY, status, Objects.requireNonNull(body, "body"), List.of(), List.of(),
                Duration.ZERO, Ending.COMPLETE, 0);
    }

    /** A 200 {@code chat.completion} with one assistant message and finish_reason {@code stop}. */
    public static FakeResponse chatCompletion(String model, String content, int promptTokens, int completionTokens) {
        return json(200, OpenAiBodies.chatCompletion(
                model, OpenAiBodies.textMessage(content), "stop", promptTokens, completionTokens));
    }

    /** A 200 {@code chat.completion} whose message calls one function; finish_reason {@code tool_calls}. */
    public static FakeResponse toolCall(
            String model, String toolName, String argumentsJson, int promptTokens, int completionTokens) {
        return json(200, OpenAiBodies.chatCompletion(model, OpenAiBodies.toolCallMessage(toolName, argumentsJson),
                "tool_calls", promptTokens, completionTokens));
    }

    /** A 200 embeddings list with one vector of {@code dims} numbers. */
    public static FakeResponse embeddings(String model, int dims, int promptTokens) {
        return embeddings(model, 1, dims, promptTokens);
    }

    /** A 200 embeddings list with one vector per input. */
    public static FakeResponse embeddings(String model, int vectors, int dims, int promptTokens) {
        return json(200, OpenAiBodies.embeddings(model, vectors, dims, promptTokens));
    }

    /** OpenAI's error shape: {@code {"error":{"message","type","param":null,"code":null}}}. */
    public static FakeResponse error(int status, String type, String message) {
        return json(status, OpenAiBodies.error(type, message));
    }

    /** A JSON content type over a body cut off mid-object, as from a provider that crashed while writing. */
    public static FakeResponse malformedJson(int status) {
        return json(status, MALFORMED);
    }

    /** A 200 {@code text/event-stream}, chunked, each event flushed on its own, then a clean end. */
    public static FakeResponse sse(List<SseEvent> events) {
        return new FakeResponse(Kind.SSE, 200, null, events, List.of(), Duration.ZERO, Ending.COMPLETE, events.size());
    }

    /**
     * A chunked body of raw bytes with the given content type, each chunk written and flushed on
     * its own, then a clean end: binary streams such as AWS event-stream frames
     * ({@code application/vnd.amazon.eventstream}, see {@link EventStreamFrames}).
     */
    public static FakeResponse binary(int status, String contentType, List<byte[]> chunks) {
        Objects.requireNonNull(contentType, "contentType");
        return new FakeResponse(Kind.BINARY, status, null, List.of(), List.of(), Duration.ZERO, Ending.COMPLETE,
                chunks.size(), contentType, chunks);
    }

    /**
     * A chunked body of {@code piece} sent {@code times} times, each write waiting until the
     * connection can take more: a huge answer (gigabytes, if asked) that costs the fake no memory.
     */
    public static FakeResponse repeated(int status, String contentType, byte[] piece, int times) {
        return new FakeResponse(Kind.REPEAT, status, null, List.of(), List.of(), Duration.ZERO, Ending.COMPLETE, 0,
                Objects.requireNonNull(contentType, "contentType"), List.of(piece), times, Duration.ZERO);
    }

    /**
     * A slow-loris provider: the status line and headers at once, then {@code body} one byte at
     * a time, {@code interval} apart, so that no silence is ever long but the answer takes ages.
     */
    public static FakeResponse trickle(int status, String body, Duration interval) {
        return new FakeResponse(Kind.TRICKLE, status, null, List.of(), List.of(), Duration.ZERO, Ending.COMPLETE, 0,
                "application/json", List.of(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, interval);
    }

    /** A streamed chat answer of {@code chat.completion.chunk}s ending with {@code data: [DONE]}. */
    public static FakeResponse chatStream(String model, List<String> contentPieces, boolean includeUsageChunk,
            int promptTokens, int completionTokens) {
        List<SseEvent> events = new ArrayList<>();
        OpenAiBodies.chatChunks(model, contentPieces, includeUsageChunk, promptTokens, completionTokens)
                .forEach(chunk -> events.add(SseEvent.data(chunk)));
        events.add(SseEvent.done());
        return sse(events);
    }

    /** Writes the events, then closes the connection (FIN) without ending the chunked body. */
    public static FakeResponse truncatedSse(List<SseEvent> events) {
        return sse(events).end(Ending.TRUNCATE, events.size());
    }

    /** Reads the request and never answers, holding the connection open. */
    public static FakeResponse stall() {
        return new FakeResponse(Kind.STALL, 200, null, List.of(), List.of(), Duration.ZERO, Ending.COMPLETE, 0);
    }

    /** Reads the request, then closes the connection (FIN) without sending a status line. */
    public static FakeResponse closeImmediately() {
        return new FakeResponse(Kind.CLOSE, 200, null, List.of(), List.of(), Duration.ZERO, Ending.COMPLETE, 0);
    }

    /** Adds a response header; it replaces a default one of the same name (e.g. {@code Content-Type}). */
    public FakeResponse withHeader(String name, String value) {
        List<Map.Entry<String, String>> more = new ArrayList<>(headers);
        more.add(Map.entry(name, value));
        return new FakeResponse(kind, status, body, events, more, delay, ending, eventsBeforeEnd, contentType, chunks,
                repeat, interval);
    }

    /** Waits this long before the status line, e.g. to trip a first-byte timeout. */
    public FakeResponse withDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay: " + delay + " (expected: >= 0)");
        }
        return new FakeResponse(kind, status, body, events, headers, delay, ending, eventsBeforeEnd, contentType,
                chunks, repeat, interval);
    }

    /** Sets the same delay before every event of an SSE stream, e.g. to trip an idle timeout. */
    public FakeResponse withEventDelay(Duration delay) {
        requireSse("withEventDelay");
        List<SseEvent> delayed = events.stream().map(event -> event.withDelay(delay)).toList();
        return new FakeResponse(kind, status, body, delayed, headers, this.delay, ending, eventsBeforeEnd);
    }

    /**
     * Writes the first {@code events} events of this SSE stream, then resets the TCP connection
     * (RST) in place of the next event, after that event's delay.
     */
    public FakeResponse resetAfter(int events) {
        requireSse("resetAfter");
        return end(Ending.RESET, events);
    }

    /** The status code sent; meaningless for {@link #stall()} and {@link #closeImmediately()}, which send none. */
    public int status() {
        return status;
    }

    /** The JSON body text; {@code null} for streams and connection faults. */
    public String body() {
        return body;
    }

    /** The SSE events, all of them even when a fault ends the stream earlier. */
    public List<SseEvent> events() {
        return events;
    }

    /** The content type of a {@link #binary} stream; {@code null} for other kinds. */
    public String contentType() {
        return contentType;
    }

    /** The chunks of a {@link #binary} stream (copies); empty for other kinds. */
    public List<byte[]> chunks() {
        return chunks.stream().map(byte[]::clone).toList();
    }

    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    int repeat() {
        return repeat;
    }

    Duration interval() {
        return interval;
    }

    public Duration delay() {
        return delay;
    }

    Kind kind() {
        return kind;
    }

    Ending ending() {
        return ending;
    }

    int eventsBeforeEnd() {
        return eventsBeforeEnd;
    }

    @Override
    public String toString() {
        String shape = switch (kind) {
            case BODY -> "json " + status;
            case BINARY -> "binary " + status + ", " + contentType + ", " + chunks.size() + " chunks";
            case REPEAT -> "repeated " + status + ", " + repeat + " x " + chunks.get(0).length + " bytes";
            case TRICKLE -> "trickle " + status + ", a byte every " + interval;
            case SSE -> "sse " + status + ", " + events.size() + " events, " + ending + " after " + eventsBeforeEnd;
            case STALL -> "stall";
            case CLOSE -> "closeImmediately";
        };
        return "FakeResponse[" + shape + (delay.isZero() ? "" : ", delay " + delay) + "]";
    }

    private FakeResponse end(Ending how, int afterEvents) {
        if (afterEvents < 0 || afterEvents > events.size()) {
            throw new IllegalArgumentException("events: " + afterEvents + " (expected: 0-" + events.size() + ")");
        }
        return new FakeResponse(kind, status, body, events, headers, delay, how, afterEvents);
    }

    private void requireSse(String what) {
        if (kind != Kind.SSE) {
            throw new IllegalStateException(what + ": only for SSE responses (this is " + this + ")");
        }
    }
}
