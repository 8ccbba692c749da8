package dev.sluice.config;

import static dev.sluice.config.ConfigTesting.MINIMAL;
import static dev.sluice.config.ConfigTesting.config;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which {@code observability} changes a reload applies live, and which wait for a restart. */
class ObservabilityReloadTest {
  private static ObservabilityConfig observability(String yaml) {
    return config(MINIMAL + "observability: " + yaml + "\n").observability();
  }

  @Test
  void theSampleRatioAndContentCaptureAreLive() {
    ObservabilityConfig running = observability("{ otlp: { endpoint: \"http://c:4318\", sampleRatio: 0.1 } }");
    assertThat(running.restartOnly(observability(
        "{ otlp: { endpoint: \"http://c:4318\", sampleRatio: 0.5 }, captureContent: true }"))).isEmpty();
  }

  @Test
  void everythingElseWaitsForARestart() {
    ObservabilityConfig running = observability("{ otlp: { endpoint: \"http://c:4318\" } }");
    assertThat(running.restartOnly(observability(
        "{ otlp: { endpoint: \"http://other:4318\", sampleRatio: 0.5 }, accessLog: { to: none },"
            + " serviceName: x, prometheus: false }")))
        .containsExactly("observability.accessLog", "observability.otlp (except sampleRatio)",
            "observability.serviceName", "observability.prometheus");
    assertThat(running.restartOnly(observability("{ }"))).containsExactly("observability.otlp (except sampleRatio)");
    assertThat(observability("{ }").restartOnly(running)).containsExactly("observability.otlp (except sampleRatio)");
  }
}
