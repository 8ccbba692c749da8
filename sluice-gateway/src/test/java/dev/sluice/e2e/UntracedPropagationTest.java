package dev.sluice.e2e;

import static dev.sluice.e2e.GatewayHarness.chatBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.FakeProvider;
import dev.sluice.testkit.RecordedRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With tracing off, Sluice records no span but does not break its callers' traces either. */
class UntracedPropagationTest {
  static FakeProvider provider;
  static GatewayHarness gateway;

  @BeforeAll
  static void start() {
    provider = FakeProvider.start();
    gateway = GatewayHarness.start("""
        backends: [ { name: primary, type: openai, url: "${PRIMARY}", apiKey: upstream-secret } ]
        routes: [ { name: all, match: { models: ["*"] }, targets: [ { backend: primary } ] } ]
        keys: [ { id: alice, key: "${KEY}", owner: alice } ]
        """, GatewayHarness.env("PRIMARY", provider.baseUrl(), "KEY", GatewayHarness.KEY));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    provider.close();
  }

  @BeforeEach
  void reset() {
    provider.reset();
  }

  @Test
  void passesTheCallersTraceContextOnUnchanged() {
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    gateway.chat(chatBody("gpt-4o", "hi"), "traceparent", traceparent, "tracestate", "vendor=1");

    RecordedRequest upstream = provider.awaitRequests(1, Duration.ofSeconds(5)).getFirst();
    assertThat(upstream.header("traceparent")).isEqualTo(traceparent);
    assertThat(upstream.header("tracestate")).isEqualTo("vendor=1");
  }

  @Test
  void startsNoTraceOfItsOwn() {
    gateway.chat(chatBody("gpt-4o", "hi"));

    RecordedRequest upstream = provider.awaitRequests(1, Duration.ofSeconds(5)).getFirst();
    assertThat(upstream.header("traceparent")).isNull();
  }
}
