package dev.sluice.store;

import dev.sluice.pipeline.SharedCounters;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared rate limits and budgets in Redis: one Lua script per admission ({@code admit.lua}) that
 * checks and takes every claim of a request atomically, and one per settlement
 * ({@code settle.lua}); each is a single round trip ({@code EVALSHA}). Rates are the GCRA of
 * {@code authorize.Gcra}, on Redis's clock; budgets are sums per calendar window, started from
 * the usage ledger when Redis does not have them.
 *
 * <p>On an event loop, the admissions and the settlements that arrive during one turn of the
 * loop are sent together, once the loop has handled the I/O it woke up for: one script call for
 * all the admissions and one for all the settlements, each still a single round trip for each
 * request. One write to the socket then carries many requests instead of one each (as Netty's
 * flush consolidation), and Redis reads and writes each counter once per group.
 *
 * <p>When Redis cannot be reached (an error, or no answer within {@link #TIMEOUT}), admission
 * reports {@link Outcome.Unavailable} and the configured policy decides; an answer arriving after
 * the timeout still tells whether the claims were taken, so the request is settled once.
 * Corrections Redis refuses are kept in memory and applied, in order, once it answers again.
 */
public final class RedisCounters implements SharedCounters, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisCounters.class);
  /** How long admission waits for Redis before it counts as unavailable. */
  public static final Duration TIMEOUT = Duration.ofMillis(500);
  /** How often unanswered admissions are checked: they time out within TIMEOUT + SWEEP. */
  static final Duration SWEEP = Duration.ofMillis(50);
  /** A budget's counter outlives its window by this much, for late settlements. */
  private static final Duration SPEND_GRACE = Duration.ofDays(2);
  private static final int MAX_PENDING = 1_000_000;
  /**
   * At most this many admissions per script call: Redis runs one script at a time, so a larger
   * group would make every other client wait longer.
   */
  static final int MAX_GROUP = 128;
  /** The same bound for settlements: at most this many corrections per script call. */
  static final int MAX_CORRECTIONS = 1024;

  private final Vertx vertx;
  private final Redis redis; // pooled: off the event loops (warm-up, seeding, tests)
  private final RedisOptions options;
  /** Per event loop context: its own connection (see {@link Link}). */
  private final Object linkKey = new Object();
  private final List<Link> links = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final String prefix;
  private final InstantSource clock;
  private final Script admit = Script.load("admit.lua");
  private final Script settle = Script.load("settle.lua");
  /** Corrections Redis has not taken yet (it was unreachable), oldest first. */
  private final Queue<Claim> pending = new ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicInteger pendingCount =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicBoolean flushing =
      new java.util.concurrent.atomic.AtomicBoolean();
  /** Admissions sent and not yet answered or timed out, in the order sent (see {@link #sweep}). */
  private final Queue<Admission> inFlight = new ConcurrentLinkedQueue<>();
  private volatile boolean down;
  private final long flushTimer;
  private final long sweepTimer;

  private RedisCounters(Vertx vertx, Redis redis, RedisOptions options, String prefix,
      InstantSource clock) {
    this.vertx = vertx;
    this.redis = redis;
    this.options = options;
    this.prefix = prefix + ":";
    this.clock = clock;
    this.flushTimer = vertx.setPeriodic(500, id -> flushPending());
    this.sweepTimer = vertx.setPeriodic(SWEEP.toMillis(), id -> sweep());
  }

  /**
   * Connects to {@code url} ({@code redis://HOST:PORT/DB}); every key starts with
   * {@code prefix:}. Fails when Redis does not answer a PING.
   */
  public static RedisCounters connect(Vertx vertx, String url, String prefix, InstantSource clock,
      int poolSize) {
    RedisOptions options = new RedisOptions().setConnectionString(url)
        .setMaxPoolSize(poolSize).setMaxPoolWaiting(16 * 1024).setMaxWaitingHandlers(16 * 1024);
    Redis redis = Redis.createClient(vertx, options);
    RedisCounters counters = new RedisCounters(vertx, redis, options, prefix, clock);
    try {
      counters.warmUp(poolSize);
    } catch (Exception e) {
      counters.close();
      throw new LedgerException("store.redis: cannot reach Redis: " + e.getMessage(), e);
    }
    return counters;
  }

  /**
   * Loads the scripts and opens the pool's connections before the first request: a cold
   * connection (and a cold JVM) must not make the first admissions miss {@link #TIMEOUT}.
   */
  private void warmUp(int connections) throws Exception {
    List<Future<?>> ready = new ArrayList<>();
    ready.add(redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(admit.source)));
    ready.add(redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(settle.source)));
    for (int i = 0; i < connections; i++) {
      ready.add(redis.send(Request.cmd(Command.PING)));
    }
    Future.all(ready).await(5, java.util.concurrent.TimeUnit.SECONDS);
    for (int i = 0; i < 50; i++) { // the admission path itself, with no counter to touch
      List<ClaimLayout> none = List.of(new ClaimLayout(List.of()));
      run(admit, (command, head) -> ClaimLayout.admitRequest(command, head, prefix, none),
          redis::send).await(5, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  @Override
  public void take(List<Claim> claims, Consumer<Outcome> done) {
    take(new Admission(claims, done, vertx.getOrCreateContext(), System.nanoTime()
        + TIMEOUT.toNanos(), 2));
  }

  private void take(Admission admission) {
    inFlight.add(admission);
    Link link = link();
    if (link != null) {
      link.admit(admission); // sent with the others of this turn of the loop
    } else {
      sendAdmissions(List.of(admission), redis::send);
    }
  }

  /** One script call for the group, then each admission's answer to its caller. */
  private void sendAdmissions(List<Admission> group,
      Function<Request, Future<Response>> sender) {
    List<ClaimLayout> layouts = new ArrayList<>(group.size());
    for (Admission admission : group) {
      layouts.add(admission.layout);
    }
    run(admit, (command, head) -> ClaimLayout.admitRequest(command, head, prefix, layouts),
        sender).onComplete(ar -> {
          if (ar.failed()) {
            markDown(ar.cause());
            for (Admission admission : group) {
              if (admission.answered(false)) {
                admission.deliver(Outcome.Unavailable.nothingTaken(ar.cause().toString()));
              }
            }
            return;
          }
          markUp();
          for (int i = 0; i < group.size(); i++) {
            answer(group.get(i), ar.result().get(i));
          }
        });
  }

  /** One admission's answer from {@code admit.lua}. */
  private void answer(Admission admission, Response r) {
    ClaimLayout layout = admission.layout;
    int status = r.get(0).toInteger();
    if (!admission.answered(status == 0)) {
      return; // timed out already: the late answer only settled whether the claims were taken
    }
    switch (status) {
      case 0 -> admission.deliver(layout.levels(r, 1));
      case 1 -> {
        long waitMicros = r.get(2).toLong();
        Outcome.Taken levels = layout.levels(r, 3); // nothing taken: the rates as they stand
        admission.deliver(new Outcome.Refused(layout.claimIndex(r.get(1).toInteger()),
            waitMicros < 0 ? Long.MAX_VALUE : waitMicros * 1000, levels.remaining(),
            levels.resetNanos()));
      }
      default -> {
        if (admission.seedsLeft == 0) {
          admission.deliver(
              Outcome.Unavailable.nothingTaken("budget counters could not be started"));
          return;
        }
        List<Claim> missing = new ArrayList<>();
        for (int i = 1; i < r.size(); i++) {
          missing.add(admission.claims.get(layout.claimIndex(r.get(i).toInteger())));
        }
        seed(missing).onComplete(seeded -> {
          if (seeded.failed()) {
            LOG.warn("store: could not start budget counters from the ledger: {}",
                seeded.cause().toString());
            admission.deliver(Outcome.Unavailable.nothingTaken(seeded.cause().toString()));
          } else {
            take(admission.again());
          }
        });
      }
    }
  }

  /**
   * Times out the admissions Redis has not answered within {@link #TIMEOUT}. One periodic sweep
   * instead of a timer per request: admissions enter {@link #inFlight} in the order they are
   * sent, so their deadlines are (nearly) in order, and the sweep stops at the first one not
   * due. An answered admission leaves the queue at the next sweep.
   */
  private void sweep() {
    long now = System.nanoTime();
    for (Admission head = inFlight.peek(); head != null; head = inFlight.peek()) {
      if (head.waiting() && now - head.deadline < 0) {
        return;
      }
      inFlight.poll();
      if (head.timedOut()) {
        markDown(new TimeoutException("no answer within " + TIMEOUT.toMillis() + " ms"));
        // The script may still run: its late answer says whether the claims were taken.
        head.deliver(new Outcome.Unavailable("Redis did not answer within " + TIMEOUT.toMillis()
            + " ms", head.late));
      }
    }
  }

  /**
   * One admission waiting for Redis: answered in time, or timed out by {@link #sweep}, whichever
   * comes first (a compare-and-set: the answer arrives on the connection's event loop, the sweep
   * runs on its timer's).
   */
  private static final class Admission {
    private static final int WAITING = 0;
    private static final int ANSWERED = 1;
    private static final int TIMED_OUT = 2;
    private static final VarHandle STATE;

    static {
      try {
        STATE = MethodHandles.lookup().findVarHandle(Admission.class, "state", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final List<Claim> claims;
    final ClaimLayout layout;
    final Consumer<Outcome> done;
    final Context caller;
    final long deadline; // System.nanoTime()
    /** How many more times budget counters Redis lacks may be seeded and the admission sent. */
    final int seedsLeft;
    /** Written before the state turns TIMED_OUT, read after: the late answer's verdict. */
    CompletableFuture<Boolean> late;
    @SuppressWarnings("unused") // through STATE
    private volatile int state;

    Admission(List<Claim> claims, Consumer<Outcome> done, Context caller, long deadline,
        int seedsLeft) {
      this.claims = claims;
      this.layout = new ClaimLayout(claims);
      this.done = done;
      this.caller = caller;
      this.deadline = deadline;
      this.seedsLeft = seedsLeft;
    }

    /** The same admission sent again (after seeding budgets), with a deadline of its own. */
    Admission again() {
      return new Admission(claims, done, caller, System.nanoTime() + TIMEOUT.toNanos(),
          seedsLeft - 1);
    }

    boolean waiting() {
      return state == WAITING;
    }

    /**
     * The answer is in; {@code taken}: whether the script took the claims. True when it is in
     * time (the caller is told); false when the sweep timed it out already, in which case the
     * verdict completes {@link #late}.
     */
    boolean answered(boolean taken) {
      if (STATE.compareAndSet(this, WAITING, ANSWERED)) {
        return true;
      }
      late.complete(taken);
      return false;
    }

    /** True when this call timed the admission out (it was still waiting). */
    boolean timedOut() {
      late = new CompletableFuture<>();
      return STATE.compareAndSet(this, WAITING, TIMED_OUT);
    }

    /** Tells the caller, on its own context. */
    void deliver(Outcome outcome) {
      if (Vertx.currentContext() == caller) {
        done.accept(outcome);
      } else {
        caller.runOnContext(v -> done.accept(outcome));
      }
    }
  }

  /**
   * Starts budget counters Redis lacks from what the ledger says their window spent ({@code SET
   * NX}: when replicas race, the first wins and the others' values are dropped). The ledger is
   * read on a worker thread.
   */
  private Future<Void> seed(List<Claim> missing) {
    Instant now = clock.instant();
    return vertx.<List<Long>>executeBlocking(() -> {
      List<Long> spent = new ArrayList<>(missing.size());
      for (Claim claim : missing) {
        spent.add(claim.counter().spentInWindow(now));
      }
      return spent;
    }, false).compose(spent -> {
      List<Request> sets = new ArrayList<>(missing.size());
      for (int i = 0; i < missing.size(); i++) {
        Claim claim = missing.get(i);
        long ttl = Duration.between(now, claim.counter().windowEnd(now)).plus(SPEND_GRACE).toMillis();
        sets.add(Request.cmd(Command.SET).arg(prefix + claim.name()).arg(spent.get(i))
            .arg("NX").arg("PX").arg(Math.max(1, ttl)));
      }
      return redis.batch(sets).mapEmpty();
    });
  }

  @Override
  public void adjust(List<Claim> corrections) {
    Link link = link();
    if (link != null) {
      link.settle(corrections); // sent with the others of this turn of the loop
    } else {
      sendCorrections(corrections, redis::send);
    }
  }

  /**
   * One script call for the corrections of one or more requests; kept for later if refused.
   * While Redis is down, or earlier corrections still wait, they wait behind those: corrections
   * apply in order.
   */
  private void sendCorrections(List<Claim> corrections,
      Function<Request, Future<Response>> sender) {
    if (down || !pending.isEmpty()) {
      keep(corrections);
      flushPending();
      return;
    }
    runSettle(corrections, sender).onComplete(ar -> {
      if (ar.failed()) {
        markDown(ar.cause());
        keep(corrections);
      }
    });
  }

  private void keep(List<Claim> corrections) {
    for (Claim claim : corrections) {
      if (pendingCount.incrementAndGet() > MAX_PENDING) {
        pendingCount.decrementAndGet();
        LOG.error("store: over {} corrections wait for Redis; dropping one for {}", MAX_PENDING,
            claim.name());
        continue;
      }
      pending.add(claim);
    }
  }

  /** Applies the kept corrections, oldest first, in chunks, while Redis takes them. */
  private void flushPending() {
    if (pending.isEmpty() || !flushing.compareAndSet(false, true)) {
      return;
    }
    // Read, not removed: a chunk Redis refuses stays at the head of the queue. Only this flush
    // (one at a time) removes from the head; keep() only appends at the tail.
    List<Claim> chunk = pending.stream().limit(256).toList();
    runSettle(chunk, redis::send).onComplete(ar -> {
      if (ar.succeeded()) {
        for (int i = 0; i < chunk.size(); i++) {
          pending.poll();
          pendingCount.decrementAndGet();
        }
        markUp();
        flushing.set(false);
        if (!pending.isEmpty()) {
          vertx.runOnContext(v -> flushPending());
        } else {
          LOG.info("store: Redis took every correction kept while it was unreachable");
        }
      } else {
        markDown(ar.cause());
        flushing.set(false);
      }
    });
  }

  /** Corrections waiting for Redis (for tests and metrics). */
  public int pending() {
    return pendingCount.get();
  }

  /**
   * One script, one round trip: EVALSHA, or EVAL when Redis does not have the script yet (a
   * restart; Redis refused the call, so nothing ran). No timeout here: a settlement waits for
   * the real answer, so a correction is kept for later only when Redis certainly did not take it.
   */
  private Future<Response> run(Script script,
      BiFunction<Command, String, Request> request,
      Function<Request, Future<Response>> sender) {
    return sender.apply(request.apply(Command.EVALSHA, script.sha)).recover(e -> {
      if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
        return sender.apply(request.apply(Command.EVAL, script.source));
      }
      return Future.failedFuture(e);
    });
  }

  /** {@code settle.lua} for these corrections, in one call. */
  private Future<Response> runSettle(List<Claim> corrections,
      Function<Request, Future<Response>> sender) {
    ClaimLayout layout = new ClaimLayout(corrections);
    return run(settle, (command, head) -> layout.settleRequest(command, head, prefix), sender);
  }

  /** {@code send} for each run of at most {@code size} elements of {@code list}, in order. */
  private static <T> void inChunks(List<T> list, int size, Consumer<List<T>> send) {
    for (int from = 0; from < list.size(); from += size) {
      send.accept(list.subList(from, Math.min(list.size(), from + size)));
    }
  }

  /** The current event loop's {@link Link}, opened on first use; null off the event loops. */
  private Link link() {
    Context context = Vertx.currentContext();
    if (context == null || !context.isEventLoopContext()) {
      return null;
    }
    Link link = context.get(linkKey);
    if (link == null) {
      link = new Link(context,
          Redis.createClient(vertx, new RedisOptions(options).setMaxPoolSize(1)));
      context.put(linkKey, link);
      links.add(link);
    }
    return link;
  }

  /**
   * One event loop's connection, opened on that loop and opened again after it breaks; the
   * answers come back on the same thread, with no pool to check out from and no hand-off
   * between threads. The admissions and corrections of one turn of the loop wait in it and go
   * out together once the loop has handled its I/O (a task queued on the loop runs after that).
   * Confined to its loop.
   */
  private final class Link {
    private final Context context;
    private final Redis client;
    private Future<io.vertx.redis.client.RedisConnection> connection;
    private io.vertx.redis.client.RedisConnection open; // the connection, once it is open
    private List<Admission> admissions = new ArrayList<>();
    private List<Claim> corrections = new ArrayList<>();
    private boolean flushQueued;

    Link(Context context, Redis client) {
      this.context = context;
      this.client = client;
    }

    void admit(Admission admission) {
      admissions.add(admission);
      queueFlush();
    }

    void settle(List<Claim> more) {
      corrections.addAll(more);
      queueFlush();
    }

    private void queueFlush() {
      if (!flushQueued) {
        flushQueued = true;
        context.runOnContext(v -> flush());
      }
    }

    /**
     * The corrections first: they settle requests that came before, so a refund makes room for
     * the admissions of this turn as it would have one by one.
     */
    private void flush() {
      flushQueued = false;
      if (!corrections.isEmpty()) {
        List<Claim> group = corrections;
        corrections = new ArrayList<>();
        inChunks(group, MAX_CORRECTIONS, chunk -> sendCorrections(chunk, this::send));
      }
      if (!admissions.isEmpty()) {
        List<Admission> group = admissions;
        admissions = new ArrayList<>();
        inChunks(group, MAX_GROUP, chunk -> sendAdmissions(chunk, this::send));
      }
    }

    Future<Response> send(Request request) {
      if (open != null) {
        return open.send(request); // the common case: no composed future per request
      }
      if (connection == null) {
        Future<io.vertx.redis.client.RedisConnection> opening = client.connect();
        connection = opening;
        opening.onSuccess(c -> {
          open = c;
          c.exceptionHandler(e -> drop(opening));
          c.endHandler(v -> drop(opening));
        }).onFailure(e -> drop(opening));
      }
      return connection.compose(c -> c.send(request));
    }

    private void drop(Future<io.vertx.redis.client.RedisConnection> broken) {
      if (connection == broken) {
        connection = null;
        open = null;
      }
    }

    void close() {
      client.close();
    }
  }

  private void markDown(Throwable cause) {
    if (!down) {
      down = true;
      LOG.warn("store: Redis is unreachable ({}); admission follows store.onRedisFailure, and"
          + " corrections wait in memory", cause.toString());
    }
  }

  private void markUp() {
    if (down) {
      down = false;
      LOG.info("store: Redis answers again");
      flushPending();
    }
  }

  /** One PING through the pool, for the readiness probe (never on the admission path). */
  public Future<?> ping() {
    return redis.send(Request.cmd(Command.PING));
  }

  @Override
  public void close() {
    vertx.cancelTimer(flushTimer);
    vertx.cancelTimer(sweepTimer);
    if (!pending.isEmpty()) {
      LOG.warn("store: {} corrections still wait for Redis at shutdown; they are lost",
          pending.size());
    }
    links.forEach(Link::close);
    redis.close();
  }

  /** A Lua script of this package, with its SHA-1 for EVALSHA. */
  private record Script(String source, String sha) {
    static Script load(String resource) {
      try (InputStream in = RedisCounters.class.getResourceAsStream(resource)) {
        String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Script(source, HexFormat.of().formatHex(
            MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8))));
      } catch (IOException | NoSuchAlgorithmException | NullPointerException e) {
        throw new IllegalStateException("the store's script " + resource + " is missing", e);
      }
    }
  }
}
