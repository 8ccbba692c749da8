package dev.sluice.provider.vertex;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An OAuth2 access token kept fresh off the request path. Fetching a token is blocking I/O and
 * requests are translated on event loops, so one daemon thread per backend fetches: the first
 * token at construction, the next five minutes before the current one expires (halfway
 * through the lifetime of short-lived tokens), and after a failure again with exponential
 * backoff, keeping the old token while it still works. Requests only read the cached token
 * ({@link #current()}), which never blocks. {@link #close()} stops the thread.
 */
public final class AccessTokenHolder implements AutoCloseable {
  /**
   * When to refresh and retry. {@code expiryMargin}: a token this close to its expiry is not
   * handed out, since the request would outlive it.
   */
  record Timing(Duration refreshAhead, Duration expiryMargin, Duration firstBackoff, Duration maxBackoff) {
    static final Timing DEFAULT = new Timing(
        Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(1));
  }

  /** When a token says nothing of its expiry: refreshed this often, to be safe. */
  private static final Duration UNKNOWN_EXPIRY_REFRESH = Duration.ofMinutes(10);
  private static final int MAX_PROBLEM_CHARS = 200;

  /** Fetches a fresh token. Blocking I/O: called only on the holder's own thread. */
  @FunctionalInterface
  public interface TokenSource {
    Token fetch() throws IOException;
  }

  /** A token and when it stops working (null when the issuer did not say). */
  public record Token(String value, Instant expiresAt) {
    @Override
    public String toString() {
      return "Token[<" + value.length() + " chars>, expiresAt=" + expiresAt + "]"; // a credential
    }
  }

  private final TokenSource source;
  private final InstantSource clock;
  private final Timing timing;
  private final ScheduledExecutorService thread;
  private volatile Token token;
  private volatile String problem = "the first token is still being fetched";
  private Duration backoff; // touched only on the holder's thread

  private AccessTokenHolder(String backend, TokenSource source, InstantSource clock, Timing timing) {
    this.source = source;
    this.clock = clock;
    this.timing = timing;
    this.backoff = timing.firstBackoff();
    this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread t = new Thread(runnable, "sluice-token-" + backend);
      t.setDaemon(true); // never holds the process open, even if close() was missed
      return t;
    });
  }

  /** Starts a holder whose first fetch begins now, on its own thread. */
  public static AccessTokenHolder start(String backend, TokenSource source) {
    return start(backend, source, InstantSource.system(), Timing.DEFAULT);
  }

  static AccessTokenHolder start(String backend, TokenSource source, InstantSource clock, Timing timing) {
    AccessTokenHolder holder = new AccessTokenHolder(backend, source, clock, timing);
    holder.thread.execute(holder::refresh);
    return holder;
  }

  /** The cached token while it is valid, else null. Never blocks. */
  public String current() {
    Token current = token;
    if (current == null) {
      return null;
    }
    if (current.expiresAt() != null
        && !clock.instant().isBefore(current.expiresAt().minus(timing.expiryMargin()))) {
      return null;
    }
    return current.value();
  }

  /** Why {@link #current()} has no token: the last failure, or that the first fetch is pending. */
  public String problem() {
    Token current = token;
    return current != null && problem == null ? "the access token expired" : problem;
  }

  private void refresh() {
    Duration next;
    try {
      Token fresh = source.fetch();
      token = fresh;
      problem = null;
      backoff = timing.firstBackoff();
      next = untilRefresh(fresh);
    } catch (IOException | RuntimeException e) {
      problem = "fetching an access token failed: " + firstLine(e);
      next = backoff;
      Duration doubled = backoff.multipliedBy(2);
      backoff = doubled.compareTo(timing.maxBackoff()) > 0 ? timing.maxBackoff() : doubled;
    }
    try {
      thread.schedule(this::refresh, next.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      // close() ran meanwhile: nothing more to refresh
    }
  }

  private Duration untilRefresh(Token fresh) {
    if (fresh.expiresAt() == null) {
      return UNKNOWN_EXPIRY_REFRESH;
    }
    Duration lifetime = Duration.between(clock.instant(), fresh.expiresAt());
    Duration ahead = lifetime.minus(timing.refreshAhead());
    Duration halfway = lifetime.dividedBy(2);
    Duration delay = ahead.compareTo(halfway) < 0 ? halfway : ahead;
    return delay.compareTo(timing.firstBackoff()) < 0 ? timing.firstBackoff() : delay;
  }

  /** The failure's first line, bounded: it ends up in error messages to clients. */
  private static String firstLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() > MAX_PROBLEM_CHARS ? line.substring(0, MAX_PROBLEM_CHARS) + "..." : line;
  }

  /** Stops refreshing; call when the backend is retired (shutdown, config reload). */
  @Override
  public void close() {
    thread.shutdownNow();
  }
}
