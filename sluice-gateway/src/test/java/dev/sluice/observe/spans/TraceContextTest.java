package dev.sluice.observe.spans;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The W3C traceparent rules a caller's header is held to, and the headers Sluice writes. */
class TraceContextTest {
  static final String CALLER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void aValidHeaderIsReadWithItsFlagsAndTraceState() {
    TraceContext context = TraceContext.parse(CALLER, "congo=t61rcWkgMzE");

    assertThat(context.traceIdHex()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(TraceContext.spanIdHex(context.spanId())).isEqualTo("00f067aa0ba902b7");
    assertThat(context.sampled()).isTrue();
    assertThat(context.traceState()).isEqualTo("congo=t61rcWkgMzE");
    assertThat(context.traceparent()).isEqualTo(CALLER);
  }

  @Test
  void aChildKeepsTheTraceFlagsAndStateWithANewSpanId() {
    TraceContext parent = TraceContext.parse(CALLER.replace("-01", "-03"), "a=b");
    TraceContext child = parent.child();

    assertThat(child.traceparent()).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").endsWith("-03");
    assertThat(child.spanId()).isNotEqualTo(parent.spanId()).isNotZero();
    assertThat(child.traceState()).isEqualTo("a=b");
  }

  @Test
  void anUnsampledCallerStaysUnsampled() {
    assertThat(TraceContext.parse(CALLER.replace("-01", "-00"), null).sampled()).isFalse();
  }

  @Test
  void aLaterVersionIsReadAsVersion00() {
    TraceContext context = TraceContext.parse(CALLER.replace("00-", "cc-") + "-what-comes-later", null);

    assertThat(context).isNotNull();
    assertThat(context.traceparent()).isEqualTo(CALLER);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "garbage",
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // version ff is invalid
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // hex is lowercase
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // all-zero trace id
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // all-zero span id
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", // version 00 is 55 chars
      "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01extra", // later: '-' must follow
      "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0x"})
  void anInvalidHeaderIsIgnored(String header) {
    assertThat(TraceContext.parse(header, "a=b")).isNull();
  }

  @Test
  void aTraceStateThatIsTooLongOrNotPrintableIsDroppedAndTheContextKept() {
    assertThat(TraceContext.parse(CALLER, "a=" + "x".repeat(600)).traceState()).isNull();
    assertThat(TraceContext.parse(CALLER, "a=b\r\nx-injected: 1").traceState()).isNull();
    assertThat(TraceContext.parse(CALLER, "").traceState()).isNull();
  }

  @Test
  void aNewRootIsRandomAndSaysSo() {
    TraceContext sampled = TraceContext.newRoot(true);
    TraceContext unsampled = sampled.unsampled();

    assertThat(sampled.traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-03");
    assertThat(unsampled.traceparent()).isEqualTo(sampled.traceparent().replaceAll("-03$", "-02"));
    assertThat(TraceContext.newRoot(true).traceIdHex()).isNotEqualTo(sampled.traceIdHex());
  }
}
