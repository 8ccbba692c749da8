package dev.sluice.testkit;

import java.util.Map;

/**
 * One span as an OTLP collector received it, decoded from the protobuf: ids in lower-case hex
 * (the parent's is empty for a root span), the kind as the protocol names it
 * ({@code SPAN_KIND_SERVER}, {@code SPAN_KIND_CLIENT}...), attribute values as Java strings, longs,
 * doubles or booleans, and the service name of the resource that sent it.
 */
public record ReceivedSpan(
        String traceId, String spanId, String parentSpanId, String name, String kind,
        Map<String, Object> attributes, String statusCode, String serviceName,
        long startEpochNanos, long endEpochNanos) {

    public ReceivedSpan {
        attributes = Map.copyOf(attributes);
    }

    /** An attribute's value, or {@code null} when the span does not carry it. */
    public Object attribute(String key) {
        return attributes.get(key);
    }
}
