package dev.sluice.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccessTokenHolderTest {
  static final Duration FAST = Duration.ofMillis(20);
  /** Refresh 5 minutes ahead, hand out nothing within 30 s of expiry, retry after 20 to 50 ms. */
  static final AccessTokenHolder.Timing QUICK_RETRIES = new AccessTokenHolder.Timing(
      Duration.ofMinutes(5), Duration.ofSeconds(30), FAST, Duration.ofMillis(50));
  static final Duration WAIT = Duration.ofSeconds(5);

  /** A clock the test moves; the holder's scheduling still runs on real time. */
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  final InstantSource clock = now::get;
  AccessTokenHolder holder;

  @AfterEach
  void close() {
    if (holder != null) {
      holder.close();
    }
  }

  AccessTokenHolder.Token token(String value, Duration lifetime) {
    return new AccessTokenHolder.Token(value, now.get().plus(lifetime));
  }

  @Test
  void fetchesTheFirstTokenOnItsOwnThreadAndNeverBlocksTheReader() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<String> fetchingThread = new AtomicReference<>();
    holder = AccessTokenHolder.start("vx", () -> {
      fetchingThread.set(Thread.currentThread().getName());
      try {
        release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      return token("ya29.first", Duration.ofHours(1));
    }, clock, QUICK_RETRIES);

    assertThat(holder.current()).isNull(); // returns at once while the fetch is held up
    assertThat(holder.problem()).contains("still being fetched");
    release.countDown();
    await().atMost(WAIT).until(() -> "ya29.first".equals(holder.current()));
    assertThat(fetchingThread.get()).isEqualTo("sluice-token-vx");
  }

  @Test
  void retriesAFailedFetchWithBackoffAndSaysWhyMeanwhile() {
    AtomicInteger calls = new AtomicInteger();
    AtomicBoolean endpointUp = new AtomicBoolean();
    holder = AccessTokenHolder.start("vx", () -> {
      calls.incrementAndGet();
      if (!endpointUp.get()) {
        throw new IOException("Error getting access token for service account: 400 Bad Request\n"
            + "POST https://oauth2.googleapis.com/token");
      }
      return token("ya29.later", Duration.ofHours(1));
    }, clock, QUICK_RETRIES);

    await().atMost(WAIT).until(() -> calls.get() >= 3); // retried, more than once
    assertThat(holder.current()).isNull();
    assertThat(holder.problem())
        .isEqualTo("fetching an access token failed: Error getting access token for service account: 400 Bad Request");
    endpointUp.set(true);
    await().atMost(WAIT).until(() -> "ya29.later".equals(holder.current()));
  }

  @Test
  void refreshesAheadOfExpiryWhileTheOldTokenStillWorks() {
    List<AccessTokenHolder.Token> issued = new CopyOnWriteArrayList<>();
    List<Instant> fetchedAt = new CopyOnWriteArrayList<>();
    // Two-second tokens refreshed one second ahead (on real time: the holder schedules on it).
    holder = AccessTokenHolder.start("vx", () -> {
      fetchedAt.add(Instant.now());
      AccessTokenHolder.Token token = new AccessTokenHolder.Token(
          "ya29.n" + (issued.size() + 1), Instant.now().plus(Duration.ofSeconds(2)));
      issued.add(token);
      return token;
    }, InstantSource.system(), new AccessTokenHolder.Timing(Duration.ofSeconds(1), Duration.ZERO, FAST, FAST));

    await().atMost(WAIT).until(() -> "ya29.n1".equals(holder.current()));
    await().atMost(WAIT).until(() -> "ya29.n2".equals(holder.current()));

    assertThat(fetchedAt.get(1)).isBefore(issued.get(0).expiresAt().minus(Duration.ofMillis(500)));
  }

  @Test
  void handsOutNoTokenThatIsAboutToExpire() {
    holder = AccessTokenHolder.start("vx", () -> token("ya29.short", Duration.ofMinutes(10)),
        clock, AccessTokenHolder.Timing.DEFAULT);
    await().atMost(WAIT).until(() -> holder.current() != null);

    now.set(now.get().plus(Duration.ofMinutes(10)).minus(AccessTokenHolder.Timing.DEFAULT.expiryMargin()));

    assertThat(holder.current()).isNull();
    assertThat(holder.problem()).isEqualTo("the access token expired");
  }

  @Test
  void closeStopsRefreshing() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    holder = AccessTokenHolder.start("vx", () -> {
      calls.incrementAndGet();
      throw new IOException("token endpoint down");
    }, clock, QUICK_RETRIES);
    await().atMost(WAIT).until(() -> calls.get() >= 2);

    holder.close();
    int afterClose = calls.get();
    Thread.sleep(FAST.multipliedBy(10).toMillis());

    assertThat(calls.get()).isLessThanOrEqualTo(afterClose + 1); // at most the fetch in flight
  }

  @Test
  void neverPrintsTheTokenItself() {
    assertThat(new AccessTokenHolder.Token("ya29.secret", null).toString()).doesNotContain("ya29.secret");
  }
}
