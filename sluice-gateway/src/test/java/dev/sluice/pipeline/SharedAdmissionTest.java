package dev.sluice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Endpoint;
import dev.sluice.api.GatewayError;
import dev.sluice.provider.TokenUsage;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The admission step's decisions, against a store scripted by the test. */
class SharedAdmissionTest {
  final ScriptedStore store = new ScriptedStore();
  final Tokens tokens = new Tokens();

  @Test
  void withNothingClaimedItProceedsAtOnce() {
    Exchange exchange = exchange();
    assertThat(new SharedAdmission(store, InstantSource.system(), true, true).apply(exchange))
        .isSameAs(Decision.PROCEED);
    assertThat(SharedAdmission.none().apply(exchange)).isSameAs(Decision.PROCEED);
  }

  @Test
  void takenClaimsSettleToWhatTheRequestUsed() {
    Exchange exchange = exchange();
    exchange.claim(tokens, 100);
    assertThat(decide(admission(true), exchange, new SharedCounters.Outcome.Taken(new long[] {900},
        new long[] {0}))).isSameAs(Decision.PROCEED);
    exchange.usage(TokenUsage.of(30, 10));
    exchange.reservations().forEach(r -> r.settle(exchange));
    assertThat(store.adjusted).containsExactly(-60L);
  }

  @Test
  void aClientThatLeftWhileTheStoreAnsweredGetsEverythingBack() {
    Exchange exchange = exchange();
    exchange.claim(tokens, 100);
    Decision.Later later = (Decision.Later) admission(true).apply(exchange);
    List<Decision> decided = new ArrayList<>();
    later.pending().whenDecided(decided::add);
    exchange.complete(499, null); // the client went away
    store.answer(new SharedCounters.Outcome.Taken(new long[] {900}, new long[] {0}));
    assertThat(store.adjusted).containsExactly(-100L);
    assertThat(exchange.reservations()).isEmpty();
  }

  @Test
  void failingClosedRefusesAndGivesBackWhatALateAnswerTook() {
    Exchange exchange = exchange();
    exchange.claim(tokens, 100);
    CompletableFuture<Boolean> late = new CompletableFuture<>();
    Decision decision = decide(admission(false), exchange, new SharedCounters.Outcome.Unavailable("slow", late));
    assertThat(decision).isInstanceOf(Decision.Answer.class);
    assertThat(((Decision.Answer) decision).error()).isInstanceOf(GatewayError.StoreUnavailable.class);
    assertThat(store.adjusted).isEmpty();
    late.complete(true); // Redis ran the script after all
    assertThat(store.adjusted).containsExactly(-100L);
  }

  @Test
  void failingOpenChargesTheWholeUseWhenTheStoreNeverTookTheClaims() {
    Exchange exchange = exchange();
    exchange.claim(tokens, 100);
    assertThat(decide(admission(true), exchange,
        SharedCounters.Outcome.Unavailable.nothingTaken("down"))).isSameAs(Decision.PROCEED);
    exchange.usage(TokenUsage.of(30, 10));
    exchange.reservations().forEach(r -> r.settle(exchange));
    assertThat(store.adjusted).containsExactly(40L);
  }

  @Test
  void failingOpenSettlesAsUsualWhenALateAnswerSaysTheClaimsWereTaken() {
    Exchange exchange = exchange();
    exchange.claim(tokens, 100);
    CompletableFuture<Boolean> late = new CompletableFuture<>();
    decide(admission(true), exchange, new SharedCounters.Outcome.Unavailable("slow", late));
    exchange.usage(TokenUsage.of(30, 10));
    exchange.reservations().forEach(r -> r.settle(exchange));
    assertThat(store.adjusted).as("nothing until the answer").isEmpty();
    late.complete(true);
    assertThat(store.adjusted).containsExactly(-60L);
  }

  private SharedAdmission admission(boolean failOpen) {
    return new SharedAdmission(store, InstantSource.system(), failOpen, failOpen);
  }

  private Decision decide(SharedAdmission admission, Exchange exchange, SharedCounters.Outcome outcome) {
    Decision.Later later = (Decision.Later) admission.apply(exchange);
    List<Decision> decided = new ArrayList<>();
    later.pending().whenDecided(decided::add);
    store.answer(outcome);
    assertThat(decided).hasSize(1);
    return decided.getFirst();
  }

  private static Exchange exchange() {
    return new Exchange("r", Endpoint.CHAT, name -> null, new RecordingChannel(), 0, 0);
  }

  /** Answers {@code take} when the test says; records corrections. */
  static final class ScriptedStore implements SharedCounters {
    final List<Long> adjusted = new ArrayList<>();
    private Consumer<Outcome> pending;

    void answer(Outcome outcome) {
      pending.accept(outcome);
    }

    @Override
    public void take(List<Claim> claims, Consumer<Outcome> done) {
      pending = done;
    }

    @Override
    public void adjust(List<Claim> corrections) {
      corrections.forEach(c -> adjusted.add(c.units()));
    }
  }

  /** A token limit: what a request used is its reported usage, else nothing. */
  static final class Tokens implements SharedCounter {
    public Kind kind() {
      return Kind.RATE;
    }

    public long limit() {
      return 1000;
    }

    public long periodNanos() {
      return 60_000_000_000L;
    }

    public String name(Instant now) {
      return "t";
    }

    public Instant windowEnd(Instant now) {
      return now;
    }

    public long spentInWindow(Instant now) {
      return 0;
    }

    public GatewayError refusal(long units, long waitNanos) {
      return new GatewayError.RateLimited("full", 1);
    }

    public long used(Exchange exchange, long claimed) {
      return exchange.usage() == null ? 0 : exchange.usage().totalTokens();
    }

    public String unit() {
      return "tokens";
    }

    public void headers(ClientChannel channel, long remaining, long resetNanos) {}
  }
}
