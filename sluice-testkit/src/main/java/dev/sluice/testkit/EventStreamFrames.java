package dev.sluice.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * AWS event-stream messages ({@code application/vnd.amazon.eventstream}), as Bedrock's
 * ConverseStream sends them, encoded by the {@code eventstream} library's {@link Message#encode}
 * (prelude, headers, payload, both CRC-32s). Headers are written in Bedrock's order:
 * {@code :event-type} (or {@code :exception-type}), {@code :content-type}, {@code :message-type}.
 *
 * <pre>{@code
 * fake.enqueue(FakeResponse.binary(200, EventStreamFrames.CONTENT_TYPE, List.of(
 *     EventStreamFrames.event("messageStart", "{\"role\":\"assistant\"}"),
 *     EventStreamFrames.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hi\"}}"))));
 * }</pre>
 */
public final class EventStreamFrames {

    public static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";

    private EventStreamFrames() {}

    /** One event frame: {@code :message-type: event}, a JSON payload. */
    public static byte[] event(String eventType, String json) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":event-type", HeaderValue.fromString(eventType));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("event"));
        return encode(headers, json);
    }

    /**
     * One exception frame, as Bedrock ends a stream that failed after its status line
     * ({@code throttlingException}, {@code modelStreamErrorException}, ...): payload
     * {@code {"message": ...}}.
     */
    public static byte[] exception(String exceptionType, String message) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":exception-type", HeaderValue.fromString(exceptionType));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("exception"));
        String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
        return encode(headers, "{\"message\":\"" + escaped + "\"}");
    }

    /** Any message, headers in the map's order. */
    public static byte[] encode(Map<String, HeaderValue> headers, String payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Message(headers, payload.getBytes(StandardCharsets.UTF_8)).encode(out);
        return out.toByteArray();
    }

    /** The frames back to back, as one body. */
    public static byte[] concat(List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
