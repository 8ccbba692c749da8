package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.api.GatewayError;
import dev.sluice.pipeline.ClientChannel;
import dev.sluice.pipeline.Exchange;
import dev.sluice.pipeline.SharedCounter;
import dev.sluice.pipeline.SharedCounters.Claim;
import dev.sluice.pipeline.SharedCounters.Outcome;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admission and settlement scripts against the local Redis. */
class RedisCountersTest {
  SharedStoreFixture store;
  Vertx vertx;
  RedisCounters counters;

  @BeforeEach
  void start() {
    store = new SharedStoreFixture();
    vertx = Vertx.vertx();
    counters = RedisCounters.connect(vertx, SharedStoreFixture.REDIS, store.prefix(),
        InstantSource.system(), 8);
  }

  @AfterEach
  void stop() throws Exception {
    counters.close();
    vertx.close().await(10, TimeUnit.SECONDS);
    store.close();
  }

  @Test
  void aRateAdmitsItsBurstThenRefusesWithTheWaitUntilOneFits() {
    Rate rate = new Rate("r", 5, Duration.ofHours(1));
    for (int left = 4; left >= 0; left--) {
      Outcome.Taken taken = (Outcome.Taken) take(new Claim(rate, "r", 1));
      assertThat(taken.remaining()[0]).isEqualTo(left);
    }
    Outcome.Refused refused = (Outcome.Refused) take(new Claim(rate, "r", 1));
    assertThat(refused.index()).isZero();
    // One request per 12 minutes refills: the wait is just under that.
    assertThat(Duration.ofNanos(refused.waitNanos()))
        .isBetween(Duration.ofMinutes(11), Duration.ofMinutes(12));
  }

  @Test
  void aClaimLargerThanTheWholeLimitNeverFits() {
    Rate tokens = new Rate("t", 1000, Duration.ofMinutes(1));
    Outcome.Refused refused = (Outcome.Refused) take(new Claim(tokens, "t", 1001));
    assertThat(refused.waitNanos()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void everyClaimIsTakenOrNone() {
    Rate rate = new Rate("r", 10, Duration.ofHours(1));
    Spend budget = new Spend("b", 100, 95);
    Outcome refused = take(new Claim(rate, "r", 1), new Claim(budget, "b", 10));
    assertRefused(refused, 1, 0);
    Outcome.Taken taken = (Outcome.Taken) take(new Claim(rate, "r", 1));
    assertThat(taken.remaining()[0]).as("the refused admission took nothing from the rate").isEqualTo(9);
    assertThat(store.redisValue("b")).as("nor from the budget").isEqualTo("95");
  }

  @Test
  void claimsInAnyOrderAreAnsweredInTheirOwnOrder() {
    // The scripts take rates first, then spends: the answer still names the caller's indices.
    Spend budget = new Spend("b", 100, 0);
    Rate tokens = new Rate("t", 1000, Duration.ofHours(1));
    Rate requests = new Rate("r", 2, Duration.ofHours(1));
    Outcome.Taken taken = (Outcome.Taken) take(new Claim(budget, "b", 10),
        new Claim(tokens, "t", 300), new Claim(requests, "r", 1));
    assertThat(taken.remaining()).containsExactly(0, 700, 1);
    assertThat(taken.resetNanos()[0]).isZero();
    assertThat(Duration.ofNanos(taken.resetNanos()[1]))
        .isBetween(Duration.ofMinutes(17), Duration.ofMinutes(18)); // 300 of 1000 an hour
    take(new Claim(requests, "r", 1));
    Outcome.Refused refused = (Outcome.Refused) take(new Claim(budget, "b", 10),
        new Claim(tokens, "t", 1), new Claim(requests, "r", 1));
    assertThat(refused.index()).as("the request limit's, the caller's third").isEqualTo(2);
    assertThat(Duration.ofNanos(refused.waitNanos()))
        .isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));
    assertThat(store.redisValue("b")).as("the refusal took nothing").isEqualTo("10");
  }

  @Test
  void aRefusalTellsWhatEveryRateHoldsForTheHeaders() {
    Rate tokens = new Rate("t", 1000, Duration.ofHours(1));
    Rate requests = new Rate("r", 3, Duration.ofHours(1));
    take(new Claim(requests, "r", 1), new Claim(tokens, "t", 400));
    Outcome.Refused refused = (Outcome.Refused) take(new Claim(requests, "r", 1),
        new Claim(tokens, "t", 700));
    assertThat(refused.index()).isEqualTo(1);
    assertThat(refused.remaining()).as("as they stand: the refusal took nothing")
        .containsExactly(2, 600);
    assertThat(Duration.ofNanos(refused.resetNanos()[1]))
        .isBetween(Duration.ofMinutes(23), Duration.ofMinutes(24)); // 400 of 1000 an hour
  }

  @Test
  void aBudgetRedisLacksStartsFromWhatTheLedgerSaysItsWindowSpent() {
    Spend budget = new Spend("b", 100, 40);
    assertThat(take(new Claim(budget, "b", 50))).isInstanceOf(Outcome.Taken.class);
    assertThat(store.redisValue("b")).isEqualTo("90");
    assertRefused(take(new Claim(budget, "b", 20)), 0, 0);
    // A spent budget refuses even a free request, as in memory.
    counters.adjust(List.of(new Claim(budget, "b", 10)));
    await().untilAsserted(() -> assertThat(store.redisValue("b")).isEqualTo("100"));
    assertRefused(take(new Claim(budget, "b", 0)), 0, 0);
  }

  @Test
  void settlementRefundsWhatWasNotUsedAndChargesWhatWasUsedBeyondTheEstimate() {
    Rate tokens = new Rate("t", 1000, Duration.ofHours(1));
    assertThat(((Outcome.Taken) take(new Claim(tokens, "t", 600))).remaining()[0]).isEqualTo(400);
    counters.adjust(List.of(new Claim(tokens, "t", -500)));
    await().untilAsserted(() ->
        assertThat(((Outcome.Taken) take(new Claim(tokens, "t", 0))).remaining()[0]).isEqualTo(900));
    counters.adjust(List.of(new Claim(tokens, "t", 1500))); // used far more than reserved: debt
    await().untilAsserted(() ->
        assertThat(take(new Claim(tokens, "t", 1))).isInstanceOf(Outcome.Refused.class));
  }

  @Test
  void concurrentAdmissionsNeverTakeMoreThanTheLimit() throws Exception {
    Rate rate = new Rate("r", 50, Duration.ofHours(1));
    // One event loop, its connection opened first (a claim of 0 units): the 200 admissions
    // pipeline on one connection, and a cold connection on a busy machine does not make them
    // miss the timeout.
    Context loop = vertx.getOrCreateContext();
    CompletableFuture<Outcome> opened = new CompletableFuture<>();
    loop.runOnContext(v -> counters.take(List.of(new Claim(rate, "r", 0)), opened::complete));
    assertThat(opened.get(10, TimeUnit.SECONDS)).isInstanceOf(Outcome.Taken.class);
    List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      CompletableFuture<Outcome> outcome = new CompletableFuture<>();
      loop.runOnContext(v -> counters.take(List.of(new Claim(rate, "r", 1)), outcome::complete));
      outcomes.add(outcome);
    }
    long taken = 0;
    for (CompletableFuture<Outcome> outcome : outcomes) {
      if (outcome.get(10, TimeUnit.SECONDS) instanceof Outcome.Taken) {
        taken++;
      }
    }
    assertThat(taken).isEqualTo(50);
  }

  @Test
  void theAdmissionsOfOneTurnOfTheLoopGoInOneScriptCallAndAreAnsweredInOrder() throws Exception {
    Rate rate = new Rate("r", 5, Duration.ofHours(1));
    Spend budget = new Spend("b", 100, 0);
    Context loop = vertx.getOrCreateContext();
    take(loop, new Claim(budget, "b", 0)); // the connection open, the budget seeded
    long callsBefore = store.scriptCalls();
    List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
    CompletableFuture<Void> sent = new CompletableFuture<>();
    loop.runOnContext(v -> { // eight requests read in one turn of the loop
      for (int i = 0; i < 8; i++) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        long dollars = i == 1 ? 95 : 1; // the second alone would fit the budget
        counters.take(List.of(new Claim(rate, "r", 1), new Claim(budget, "b", dollars)),
            outcome::complete);
        outcomes.add(outcome);
      }
      sent.complete(null);
    });
    sent.get(10, TimeUnit.SECONDS);
    List<Outcome> answers = new ArrayList<>();
    for (CompletableFuture<Outcome> outcome : outcomes) {
      answers.add(outcome.get(10, TimeUnit.SECONDS));
    }
    assertThat(store.scriptCalls() - callsBefore).as("one EVALSHA for the eight").isEqualTo(1);
    // Each sees what the ones before it took: 95 + 1 leaves 4 of the budget's 100 after the
    // second, and the rate's 5 are gone after the fifth taken.
    assertThat(((Outcome.Taken) answers.get(0)).remaining()[0]).isEqualTo(4);
    assertThat(((Outcome.Taken) answers.get(1)).remaining()[0]).isEqualTo(3);
    assertThat(((Outcome.Taken) answers.get(4)).remaining()[0]).isEqualTo(0);
    assertThat(answers.subList(0, 5)).allMatch(Outcome.Taken.class::isInstance);
    assertThat(answers.subList(5, 8)).allMatch(Outcome.Refused.class::isInstance);
    assertThat(((Outcome.Refused) answers.get(5)).index()).as("by the rate").isZero();
    assertThat(store.redisValue("b")).as("five taken: 95 + 4 x 1").isEqualTo("99");
  }

  @Test
  void aTurnWithMoreAdmissionsThanOneCallHoldsIsSplitAndEveryOneIsAnswered() throws Exception {
    Rate rate = new Rate("r", 1000, Duration.ofHours(1));
    Context loop = vertx.getOrCreateContext();
    take(loop, new Claim(rate, "r", 0)); // the connection open
    long callsBefore = store.scriptCalls();
    int admissions = RedisCounters.MAX_GROUP + 2;
    List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
    CompletableFuture<Void> sent = new CompletableFuture<>();
    loop.runOnContext(v -> {
      for (int i = 0; i < admissions; i++) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        counters.take(List.of(new Claim(rate, "r", 1)), outcome::complete);
        outcomes.add(outcome);
      }
      sent.complete(null);
    });
    sent.get(10, TimeUnit.SECONDS);
    long lastRemaining = 1000;
    for (CompletableFuture<Outcome> outcome : outcomes) {
      long remaining = ((Outcome.Taken) outcome.get(10, TimeUnit.SECONDS)).remaining()[0];
      assertThat(remaining).as("in order across the calls").isLessThan(lastRemaining);
      lastRemaining = remaining;
    }
    assertThat(lastRemaining).isEqualTo(1000 - admissions);
    assertThat(store.scriptCalls() - callsBefore).isEqualTo(2);
  }

  @Test
  void theCorrectionsOfOneTurnOfTheLoopGoInOneScriptCallAndApplyInOrder() throws Exception {
    Rate tokens = new Rate("t", 1000, Duration.ofHours(1));
    Spend budget = new Spend("b", 1000, 0);
    Context loop = vertx.getOrCreateContext();
    take(loop, new Claim(tokens, "t", 600), new Claim(budget, "b", 600));
    long callsBefore = store.scriptCalls();
    CompletableFuture<Void> sent = new CompletableFuture<>();
    loop.runOnContext(v -> {
      counters.adjust(List.of(new Claim(tokens, "t", -600), new Claim(budget, "b", -600)));
      // A refund to a full bucket, then a charge: in order, the charge starts from now.
      counters.adjust(List.of(new Claim(tokens, "t", -100), new Claim(budget, "b", 50)));
      counters.adjust(List.of(new Claim(tokens, "t", 250)));
      sent.complete(null);
    });
    sent.get(10, TimeUnit.SECONDS);
    await().untilAsserted(() -> assertThat(store.redisValue("b")).isEqualTo("50"));
    assertThat(store.scriptCalls() - callsBefore).as("one EVALSHA for the three").isEqualTo(1);
    assertThat(((Outcome.Taken) take(loop, new Claim(tokens, "t", 0))).remaining()[0])
        .isEqualTo(750);
  }

  @Test
  void aRefundOfTheSameTurnMakesRoomBeforeTheAdmissionsOfThatTurn() throws Exception {
    Rate tokens = new Rate("t", 1000, Duration.ofHours(1));
    Context loop = vertx.getOrCreateContext();
    take(loop, new Claim(tokens, "t", 1000)); // the estimate took the whole limit
    CompletableFuture<Outcome> next = new CompletableFuture<>();
    loop.runOnContext(v -> {
      counters.take(List.of(new Claim(tokens, "t", 500)), next::complete);
      counters.adjust(List.of(new Claim(tokens, "t", -800))); // the answer used 200
    });
    assertThat(next.get(10, TimeUnit.SECONDS)).isInstanceOf(Outcome.Taken.class);
  }

  @Test
  void whileRedisIsDownAdmissionIsUnavailableAndCorrectionsWaitThenApplyInOrder() throws Exception {
    try (TcpProxy proxy = new TcpProxy(6379)) {
      RedisCounters viaProxy = RedisCounters.connect(vertx, "redis://127.0.0.1:" + proxy.port() + "/0",
          store.prefix(), InstantSource.system(), 4);
      try {
        Spend budget = new Spend("b", 1_000, 0);
        assertThat(take(viaProxy, new Claim(budget, "b", 10))).isInstanceOf(Outcome.Taken.class);
        proxy.down();
        // A request already on its way when the connection broke may still have got through;
        // from then on admission reports the outage, each time within the timeout.
        await().atMost(Duration.ofSeconds(5)).until(() -> {
          long start = System.nanoTime();
          Outcome outcome = take(viaProxy, new Claim(budget, "b", 10));
          assertThat(Duration.ofNanos(System.nanoTime() - start))
              .isLessThanOrEqualTo(RedisCounters.TIMEOUT.plusMillis(300));
          return outcome instanceof Outcome.Unavailable;
        });
        long before = Long.parseLong(store.redisValue("b"));
        viaProxy.adjust(List.of(new Claim(budget, "b", 5)));
        viaProxy.adjust(List.of(new Claim(budget, "b", 7)));
        await().untilAsserted(() -> assertThat(viaProxy.pending()).isEqualTo(2));
        assertThat(store.redisValue("b")).isEqualTo(Long.toString(before));
        proxy.up();
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(viaProxy.pending()).isZero());
        assertThat(store.redisValue("b")).isEqualTo(Long.toString(before + 12));
      } finally {
        viaProxy.close();
      }
    }
  }

  @Test
  void anAnswerArrivingAfterTheTimeoutStillTellsWhetherTheClaimsWereTaken() throws Exception {
    try (TcpProxy proxy = new TcpProxy(6379)) {
      RedisCounters viaProxy = RedisCounters.connect(vertx, "redis://127.0.0.1:" + proxy.port() + "/0",
          store.prefix(), InstantSource.system(), 4);
      try {
        Rate rate = new Rate("r", 10, Duration.ofHours(1));
        proxy.delay(RedisCounters.TIMEOUT.plusMillis(300));
        Outcome.Unavailable late = (Outcome.Unavailable) take(viaProxy, new Claim(rate, "r", 3));
        assertThat(late.taken().toCompletableFuture().get(5, TimeUnit.SECONDS))
            .as("Redis ran the script after all").isTrue();
        proxy.delay(Duration.ZERO);
        assertThat(((Outcome.Taken) take(viaProxy, new Claim(rate, "r", 0))).remaining()[0])
            .isEqualTo(7);
      } finally {
        viaProxy.close();
      }
    }
  }

  private static void assertRefused(Outcome outcome, int index, long waitNanos) {
    assertThat(outcome).isInstanceOf(Outcome.Refused.class);
    Outcome.Refused refused = (Outcome.Refused) outcome;
    assertThat(refused.index()).isEqualTo(index);
    assertThat(refused.waitNanos()).isEqualTo(waitNanos);
  }

  private Outcome take(Claim... claims) {
    return take(counters, claims);
  }

  private Outcome take(Context loop, Claim... claims) {
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    loop.runOnContext(v -> counters.take(List.of(claims), outcome::complete));
    return outcome.orTimeout(10, TimeUnit.SECONDS).join();
  }

  private Outcome take(RedisCounters on, Claim... claims) {
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    vertx.runOnContext(v -> on.take(List.of(claims), outcome::complete));
    return outcome.orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** A rate limit as the authorize stage describes one. */
  record Rate(String name, long limit, Duration per) implements SharedCounter {
    public Kind kind() {
      return Kind.RATE;
    }

    public long periodNanos() {
      return per.toNanos();
    }

    public String name(Instant now) {
      return name;
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
      return claimed;
    }

    public String unit() {
      return "requests";
    }

    public void headers(ClientChannel channel, long remaining, long resetNanos) {}
  }

  /** A budget whose ledger says {@code spent} so far. */
  record Spend(String name, long limit, long spent) implements SharedCounter {
    public Kind kind() {
      return Kind.SPEND;
    }

    public long periodNanos() {
      return 0;
    }

    public String name(Instant now) {
      return name;
    }

    public Instant windowEnd(Instant now) {
      return now.plus(Duration.ofDays(1));
    }

    public long spentInWindow(Instant now) {
      return spent;
    }

    public GatewayError refusal(long units, long waitNanos) {
      return new GatewayError.BudgetExceeded("spent", 1);
    }

    public long used(Exchange exchange, long claimed) {
      return claimed;
    }

    public String unit() {
      return "usd";
    }

    public void headers(ClientChannel channel, long remaining, long resetNanos) {}
  }
}
