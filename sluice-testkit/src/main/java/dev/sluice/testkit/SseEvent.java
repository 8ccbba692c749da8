package dev.sluice.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * One server-sent event as a provider writes it: an optional {@code event:} line, the data
 * (one {@code data:} line per line of text) and a blank line. {@code delay} is waited
 * before the event is written, so tests can model slow tokens and idle timeouts.
 */
public record SseEvent(String event, String data, Duration delay) {

    public SseEvent {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay: " + delay + " (expected: >= 0)");
        }
    }

    /** An unnamed event, the only kind OpenAI sends. */
    public static SseEvent data(String data) {
        return new SseEvent(null, data, Duration.ZERO);
    }

    /** A named event, as Anthropic sends ({@code event: message_delta}). */
    public static SseEvent named(String event, String data) {
        return new SseEvent(Objects.requireNonNull(event, "event"), data, Duration.ZERO);
    }

    /** OpenAI's end-of-stream marker {@code data: [DONE]}. */
    public static SseEvent done() {
        return data("[DONE]");
    }

    public SseEvent withDelay(Duration delay) {
        return new SseEvent(event, data, delay);
    }

    /** The bytes on the wire, terminated by the blank line that ends an event. */
    String wire() {
        StringBuilder out = new StringBuilder();
        if (event != null) {
            out.append("event: ").append(event).append('\n');
        }
        for (String line : data.split("\n", -1)) {
            out.append("data: ").append(line).append('\n');
        }
        return out.append('\n').toString();
    }
}
