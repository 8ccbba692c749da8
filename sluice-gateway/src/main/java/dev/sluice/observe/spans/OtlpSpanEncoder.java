package dev.sluice.observe.spans;

import java.nio.charset.StandardCharsets;

/**
 * Writes spans in OTLP's protobuf encoding ({@code opentelemetry/proto/trace/v1/trace.proto}),
 * straight from {@link FinishedSpan}'s fields: keys come pre-encoded, and a span is written in
 * one pass into the batch it will be sent in. Field numbers are the proto's.
 */
final class OtlpSpanEncoder {
  // Span
  private static final int TRACE_ID = 1;
  private static final int SPAN_ID = 2;
  private static final int TRACE_STATE = 3;
  private static final int PARENT_SPAN_ID = 4;
  private static final int NAME = 5;
  private static final int KIND = 6;
  private static final int START_TIME = 7;
  private static final int END_TIME = 8;
  private static final int ATTRIBUTES = 9;
  private static final int STATUS = 15;
  private static final int FLAGS = 16;
  // Span.flags: the W3C trace flags in bits 0-7, then whether the parent is known to be remote.
  private static final int TRACE_FLAGS = 0xff;
  private static final int HAS_IS_REMOTE = 0x100;
  private static final int IS_REMOTE = 0x200;
  // Status.code
  private static final int STATUS_CODE = 3;
  private static final int STATUS_ERROR = 2;
  // KeyValue and AnyValue
  private static final int KEY_VALUE_VALUE = 2;
  private static final int STRING_VALUE = 1;
  private static final int BOOL_VALUE = 2;
  private static final int INT_VALUE = 3;
  private static final int DOUBLE_VALUE = 4;

  private OtlpSpanEncoder() {}

  /** Writes {@code span} as field {@code field} (a {@code repeated Span}) of the enclosing message. */
  static void write(ProtoWriter out, int field, FinishedSpan span) {
    out.tag(field, ProtoWriter.LEN);
    int message = out.beginMessage();
    TraceContext context = span.context();
    out.tag(TRACE_ID, ProtoWriter.LEN);
    out.varint(16);
    out.bigEndian64(context.traceIdHigh());
    out.bigEndian64(context.traceIdLow());
    out.tag(SPAN_ID, ProtoWriter.LEN);
    out.varint(8);
    out.bigEndian64(context.spanId());
    if (context.traceState() != null) {
      // tracestate is printable ASCII (TraceContext.parse): one byte per char
      out.bytesField(TRACE_STATE, context.traceState().getBytes(StandardCharsets.ISO_8859_1));
    }
    if (span.parentSpanId() != 0) {
      out.tag(PARENT_SPAN_ID, ProtoWriter.LEN);
      out.varint(8);
      out.bigEndian64(span.parentSpanId());
    }
    out.bytesField(NAME, span.name().getBytes(StandardCharsets.UTF_8));
    out.tag(KIND, ProtoWriter.VARINT);
    out.varint(span.kind().otlp);
    out.tag(START_TIME, ProtoWriter.I64);
    out.fixed64(span.startEpochNanos());
    out.tag(END_TIME, ProtoWriter.I64);
    out.fixed64(span.endEpochNanos());
    SpanAttributes attributes = span.attributes();
    for (int i = 0; i < attributes.size(); i++) {
      writeAttribute(out, ATTRIBUTES, attributes.key(i), attributes.value(i));
    }
    if (span.error()) {
      out.tag(STATUS, ProtoWriter.LEN);
      out.varint(2);
      out.tag(STATUS_CODE, ProtoWriter.VARINT);
      out.varint(STATUS_ERROR);
    }
    out.tag(FLAGS, ProtoWriter.I32);
    out.fixed32((context.flags() & TRACE_FLAGS) | HAS_IS_REMOTE
        | (span.remoteParent() ? IS_REMOTE : 0));
    out.endMessage(message);
  }

  /**
   * A {@code KeyValue} as field {@code field}: its length is known before it is written. A string
   * value of a key that remembers its values is copied from {@link SpanKey#keyValue}. (An
   * {@code instanceof} chain, not a pattern switch: this runs for every attribute of every span,
   * and the switch's bootstrap-linked dispatch showed in profiles.)
   */
  static void writeAttribute(ProtoWriter out, int field, SpanKey key, Object value) {
    if (value instanceof String s) {
      if (key.remembersValues()) {
        byte[] keyValue = key.keyValue(s);
        out.tag(field, ProtoWriter.LEN);
        out.varint(keyValue.length);
        out.raw(keyValue);
      } else {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        keyValue(out, field, key, 1 + ProtoWriter.varintSize(utf8.length) + utf8.length);
        out.bytesField(STRING_VALUE, utf8);
      }
    } else if (value instanceof Long n) {
      keyValue(out, field, key, 1 + ProtoWriter.varintSize(n));
      out.tag(INT_VALUE, ProtoWriter.VARINT);
      out.varint(n);
    } else if (value instanceof Boolean b) {
      keyValue(out, field, key, 2);
      out.tag(BOOL_VALUE, ProtoWriter.VARINT);
      out.varint(b ? 1 : 0);
    } else if (value instanceof Double d) {
      keyValue(out, field, key, 9);
      out.tag(DOUBLE_VALUE, ProtoWriter.I64);
      out.fixed64(Double.doubleToRawLongBits(d));
    } else {
      throw new IllegalArgumentException("attribute " + key + ": unsupported value " + value);
    }
  }

  /** The body of a {@code KeyValue} (key, then a string {@code AnyValue}), for {@link SpanKey}. */
  static byte[] keyValueBody(SpanKey key, String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    int valueLength = 1 + ProtoWriter.varintSize(utf8.length) + utf8.length;
    ProtoWriter out = new ProtoWriter(key.encoded().length + 6 + valueLength);
    keyAndValueHeader(out, key, valueLength);
    out.bytesField(STRING_VALUE, utf8);
    return out.toByteArray();
  }

  /** The {@code KeyValue}'s tag and length, its key, and the {@code AnyValue}'s tag and length. */
  private static void keyValue(ProtoWriter out, int field, SpanKey key, int valueLength) {
    out.tag(field, ProtoWriter.LEN);
    out.varint(key.encoded().length + 1 + ProtoWriter.varintSize(valueLength) + valueLength);
    keyAndValueHeader(out, key, valueLength);
  }

  /** A {@code KeyValue}'s body up to its value: the key, then the {@code AnyValue}'s tag and length. */
  private static void keyAndValueHeader(ProtoWriter out, SpanKey key, int valueLength) {
    out.raw(key.encoded());
    out.tag(KEY_VALUE_VALUE, ProtoWriter.LEN);
    out.varint(valueLength);
  }
}
