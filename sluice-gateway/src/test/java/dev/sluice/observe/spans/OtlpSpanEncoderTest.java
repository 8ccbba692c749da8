package dev.sluice.observe.spans;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spans as the OTLP protobuf classes (opentelemetry-proto) decode what the encoder wrote. */
class OtlpSpanEncoderTest {
  static final SpanKey MODEL = SpanKey.of("gen_ai.request.model");
  static final SpanKey TOKENS = SpanKey.of("gen_ai.usage.input_tokens");
  static final SpanKey NEGATIVE = SpanKey.of("test.negative");
  static final SpanKey STREAM = SpanKey.of("gen_ai.request.stream");
  static final SpanKey COST = SpanKey.of("sluice.cost_usd");
  static final SpanKey TEAM = SpanKey.of("sluice.team");
  static final SpanKey LONG_TEXT = SpanKey.of("gen_ai.input.messages");

  @Test
  void everyFieldAndValueTypeDecodesAsWritten() throws Exception {
    TraceContext parent = TraceContext.parse(
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03", "vendor=1,other=x");
    TraceContext context = parent.child();
    SpanAttributes attributes = new SpanAttributes(2) // grows past its first capacity
        .put(MODEL, "gpt-4o")
        .put(TOKENS, 1_234_567L)
        .put(NEGATIVE, -5L)
        .put(STREAM, true)
        .put(COST, 0.015)
        .put(TEAM, "équipe ✓");
    FinishedSpan span = new FinishedSpan(context, parent.spanId(), true, "chat gpt-4o",
        FinishedSpan.Kind.SERVER, 1_700_000_000_123_456_789L, 1_700_000_000_223_456_789L,
        attributes, true);

    Span decoded = decode(span);

    assertThat(hex(decoded.getTraceId().toByteArray())).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(hex(decoded.getSpanId().toByteArray())).isEqualTo(TraceContext.spanIdHex(context.spanId()));
    assertThat(hex(decoded.getParentSpanId().toByteArray())).isEqualTo("b7ad6b7169203331");
    assertThat(decoded.getTraceState()).isEqualTo("vendor=1,other=x");
    assertThat(decoded.getName()).isEqualTo("chat gpt-4o");
    assertThat(decoded.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(decoded.getStartTimeUnixNano()).isEqualTo(1_700_000_000_123_456_789L);
    assertThat(decoded.getEndTimeUnixNano()).isEqualTo(1_700_000_000_223_456_789L);
    assertThat(decoded.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    // The caller's flags (sampled, random), and "the parent is remote".
    assertThat(decoded.getFlags()).isEqualTo(0x03 | 0x100 | 0x200);
    assertThat(values(decoded)).containsExactly(
        Map.entry("gen_ai.request.model", AnyValue.newBuilder().setStringValue("gpt-4o").build()),
        Map.entry("gen_ai.usage.input_tokens", AnyValue.newBuilder().setIntValue(1_234_567L).build()),
        Map.entry("test.negative", AnyValue.newBuilder().setIntValue(-5L).build()),
        Map.entry("gen_ai.request.stream", AnyValue.newBuilder().setBoolValue(true).build()),
        Map.entry("sluice.cost_usd", AnyValue.newBuilder().setDoubleValue(0.015).build()),
        Map.entry("sluice.team", AnyValue.newBuilder().setStringValue("équipe ✓").build()));
  }

  @Test
  void aRootClientSpanHasNoParentNoTraceStateAndAnUnsetStatus() throws Exception {
    TraceContext root = TraceContext.newRoot(true);
    FinishedSpan span = new FinishedSpan(root, 0, false, "chat m", FinishedSpan.Kind.CLIENT, 1, 2,
        new SpanAttributes(0), false);

    Span decoded = decode(span);

    assertThat(decoded.getParentSpanId().isEmpty()).isTrue();
    assertThat(decoded.getTraceState()).isEmpty();
    assertThat(decoded.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(decoded.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
    assertThat(decoded.getFlags()).isEqualTo(0x03 | 0x100); // known not to be remote
    assertThat(decoded.getAttributesCount()).isZero();
  }

  @Test
  void aKeyThatRemembersItsValuesWritesEachValueAsAPlainKeyWould() throws Exception {
    SpanKey remembering = SpanKey.ofFewValues("sluice.team");
    // More distinct values than it remembers (40 against 16), each written twice in a row (the
    // second from memory) and the whole run again (from memory for the values still remembered,
    // encoded again for the ones pushed out); a few long enough for 2-byte lengths, some not
    // ASCII: every span must decode to its own values, remembered or not.
    for (int round = 0; round < 2; round++) {
      for (int n = 0; n < 80; n++) {
        int i = round == 0 ? n / 2 : (n / 2 + 24) % 40; // the second run starts at the remembered
        String value = (i % 3 == 0 ? "équipe-" : "team-") + i + "x".repeat(i * 5);
        SpanAttributes attributes = new SpanAttributes(2)
            .put(remembering, new String(value)) // equal, not the same instance
            .put(MODEL, value);
        FinishedSpan span = new FinishedSpan(TraceContext.newRoot(true), 0, false, "chat m",
            FinishedSpan.Kind.SERVER, 1, 2, attributes, false);

        assertThat(values(decode(span))).containsExactly(
            Map.entry("sluice.team", AnyValue.newBuilder().setStringValue(value).build()),
            Map.entry("gen_ai.request.model", AnyValue.newBuilder().setStringValue(value).build()));
      }
    }
  }

  @Test
  void lengthsOfEveryVarintSizeAreWrittenInFront() throws Exception {
    // Values of 200 B and 20 kB make the attribute, and the span, need 2- and 3-byte lengths.
    String medium = "m".repeat(200);
    String large = "ü".repeat(10_000);
    SpanAttributes attributes = new SpanAttributes(2).put(MODEL, medium).put(LONG_TEXT, large);
    FinishedSpan span = new FinishedSpan(TraceContext.newRoot(true), 0, false, "chat " + medium,
        FinishedSpan.Kind.SERVER, 1, 2, attributes, false);

    // And one under 128 bytes, whose length takes a byte fewer than the room kept for it.
    FinishedSpan tiny = new FinishedSpan(TraceContext.newRoot(true), 0, false, "chat m",
        FinishedSpan.Kind.CLIENT, 1, 2, new SpanAttributes(0), false);

    ProtoWriter out = new ProtoWriter(16); // grows while writing
    OtlpSpanEncoder.write(out, 2, span);
    OtlpSpanEncoder.write(out, 2, tiny);
    OtlpSpanEncoder.write(out, 2, span); // spans back to back: each length must be exact
    ScopeSpans scope = ScopeSpans.parseFrom(out.toByteArray());

    assertThat(scope.getSpansList()).hasSize(3);
    assertThat(scope.getSpans(1).getName()).isEqualTo("chat m");
    assertThat(scope.getSpans(1).getSerializedSize()).isLessThan(128);
    for (Span decoded : List.of(scope.getSpans(0), scope.getSpans(2))) {
      assertThat(decoded.getName()).isEqualTo("chat " + medium);
      assertThat(values(decoded).get("gen_ai.request.model").getStringValue()).isEqualTo(medium);
      assertThat(values(decoded).get("gen_ai.input.messages").getStringValue()).isEqualTo(large);
    }
  }

  static Span decode(FinishedSpan span) throws Exception {
    ProtoWriter out = new ProtoWriter(64);
    OtlpSpanEncoder.write(out, 2, span); // ScopeSpans.spans
    return ScopeSpans.parseFrom(out.toByteArray()).getSpans(0);
  }

  static Map<String, AnyValue> values(Span span) {
    Map<String, AnyValue> values = new LinkedHashMap<>();
    for (KeyValue attribute : span.getAttributesList()) {
      values.put(attribute.getKey(), attribute.getValue());
    }
    return values;
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
