package dev.sluice.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.BackendConfig.CircuitBreakerConfig;
import dev.sluice.config.Percent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The breaker's states as the upstream stage drives them, on a clock the test moves. */
class BackendCircuitTest {
  static final long MS = 1_000_000;

  /** A clock that only moves when told to. */
  static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-11-27T12:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final ManualClock clock = new ManualClock();

  BackendCircuit circuit(Integer consecutive, Double rate, Integer minRequests, int probes) {
    return new BackendCircuit("b", new CircuitBreakerConfig(consecutive,
        rate == null ? null : new Percent(rate), minRequests, Duration.ofSeconds(30),
        Duration.ofSeconds(10), probes), clock);
  }

  /** One attempt that fails (true) or succeeds. */
  static void attempt(BackendCircuit circuit, boolean fails) {
    assertThat(circuit.tryAcquire()).isTrue();
    if (fails) {
      circuit.failed(5 * MS);
    } else {
      circuit.succeeded(5 * MS);
    }
  }

  @Test
  void opensAfterConsecutiveFailuresAndASuccessResetsTheCount() {
    BackendCircuit circuit = circuit(3, null, 1000, 1);
    attempt(circuit, true);
    attempt(circuit, true);
    attempt(circuit, false); // the streak is broken
    attempt(circuit, true);
    attempt(circuit, true);
    assertThat(circuit.state()).isEqualTo(BackendCircuit.State.CLOSED);

    attempt(circuit, true);

    assertThat(circuit.state()).isEqualTo(BackendCircuit.State.OPEN);
    assertThat(circuit.tryAcquire()).isFalse();
    assertThat(circuit.timesOpened()).isEqualTo(1);
  }

  @Test
  void opensOnTheFailureRateOnlyOnceTheWindowHoldsMinRequests() {
    BackendCircuit circuit = circuit(1000, 0.5, 10, 1);
    for (int i = 0; i < 9; i++) {
      attempt(circuit, i % 2 == 0); // 5 of 9 failed: over 50%, but fewer than 10 requests
    }
    assertThat(circuit.state()).isEqualTo(BackendCircuit.State.CLOSED);
    assertThat(circuit.failureRate()).isEqualTo(-1);

    attempt(circuit, false); // 10 requests, 5 failed: 50% reaches the threshold

    assertThat(circuit.state()).isEqualTo(BackendCircuit.State.OPEN);
  }

  @Test
  void failuresOlderThanTheWindowAreForgotten() {
    BackendCircuit circuit = circuit(1000, 0.5, 4, 1);
    attempt(circuit, true);
    attempt(circuit, true);
    attempt(circuit, true);
    clock.advance(Duration.ofSeconds(31)); // those three left the 30 s window

    attempt(circuit, true);
    attempt(circuit, false);
    attempt(circuit, false);
    attempt(circuit, false);

    assertThat(circuit.state()).isEqualTo(BackendCircuit.State.CLOSED);
    assertThat(circuit.failureRate()).isEqualTo(0.25);
  }

  @Test
  void halfOpenLetsOnlyTheProbesThroughAndClosesWhenTheySucceed() {
    BackendCircuit circuit = circuit(1, null, 1000, 2);
    attempt(circuit, true);
    assertThat(circuit.state()).isEqualTo(BackendCircuit.State.OPEN);

    clock.advance(Duration.ofSeconds(9));
    assertThat(circuit.tryAcquire()).as("still within openFor").isFalse();
    clock.advance(Duration.ofSeconds(2));

    assertThat(circuit.tryAcquire()).isTrue();
    assertThat(circuit.state()).isEqualTo(BackendCircuit.State.HALF_OPEN);
    assertThat(circuit.tryAcquire()).isTrue();
    assertThat(circuit.tryAcquire()).as("both probes are out").isFalse();
    circuit.succeeded(MS);
    circuit.succeeded(MS);

    assertThat(circuit.state()).isEqualTo(BackendCircuit.State.CLOSED);
    assertThat(circuit.tryAcquire()).isTrue();
  }

  @Test
  void aFailedProbeOpensTheCircuitAgain() {
    BackendCircuit circuit = circuit(1, null, 1000, 1);
    attempt(circuit, true);
    clock.advance(Duration.ofSeconds(11));

    attempt(circuit, true);

    assertThat(circuit.state()).isEqualTo(BackendCircuit.State.OPEN);
    assertThat(circuit.timesOpened()).isEqualTo(2);
    assertThat(circuit.tryAcquire()).isFalse();
  }

  @Test
  void aProbeWithoutVerdictGivesItsPlaceBack() {
    BackendCircuit circuit = circuit(1, null, 1000, 1);
    attempt(circuit, true);
    clock.advance(Duration.ofSeconds(11));
    assertThat(circuit.tryAcquire()).isTrue();
    assertThat(circuit.tryAcquire()).isFalse();

    circuit.released(); // the client left before the backend answered

    assertThat(circuit.tryAcquire()).isTrue();
  }

  @Test
  void withoutSettingsTheCircuitNeverOpens() {
    BackendCircuit circuit = new BackendCircuit("b", null, clock);
    for (int i = 0; i < 100; i++) {
      attempt(circuit, true);
    }
    assertThat(circuit.state()).isEqualTo(BackendCircuit.State.CLOSED);
  }

  @Test
  void aReloadKeepsTheCircuitOnlyWhileItsSettingsStay() {
    CircuitBreakerConfig settings = new CircuitBreakerConfig(1, null, null, null, null, null);
    BackendCircuit running = new BackendCircuit("b", settings, clock);
    attempt(running, true);

    assertThat(BackendCircuit.keepOrCreate(running, "b",
        new CircuitBreakerConfig(1, null, null, null, null, null), clock)).isSameAs(running);
    BackendCircuit changed = BackendCircuit.keepOrCreate(running, "b",
        new CircuitBreakerConfig(2, null, null, null, null, null), clock);
    assertThat(changed).isNotSameAs(running);
    assertThat(changed.state()).isEqualTo(BackendCircuit.State.CLOSED);
  }
}
