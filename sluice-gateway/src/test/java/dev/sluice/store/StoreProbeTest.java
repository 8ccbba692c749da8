package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The readiness probe's verdict, with services that answer, fail, or never answer. */
class StoreProbeTest {
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aServiceThatFailsOrNeverAnswersIsNamedAndOneThatAnswersAgainClearsIt() {
    AtomicReference<Future<?>> redis = new AtomicReference<>(Future.succeededFuture());
    AtomicReference<Future<?>> postgres = new AtomicReference<>(Future.succeededFuture());
    try (StoreProbe probe = StoreProbe.start(vertx, Duration.ofMillis(100), List.of(
        new StoreProbe.Check("Redis", redis::get), new StoreProbe.Check("PostgreSQL", postgres::get)))) {
      assertThat(probe.problem()).as("ready until a probe fails").isNull();
      redis.set(Future.failedFuture("Connection refused"));
      await().atMost(Duration.ofSeconds(2)).until(() -> probe.problem() != null);
      assertThat(probe.problem()).isEqualTo("Redis is unreachable: Connection refused");

      redis.set(Future.succeededFuture());
      postgres.set(Promise.promise().future()); // black-holed: no answer, ever
      await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
          assertThat(probe.problem()).startsWith("PostgreSQL is unreachable"));

      postgres.set(Future.succeededFuture());
      await().atMost(Duration.ofSeconds(2)).until(() -> probe.problem() == null);
    }
  }
}
