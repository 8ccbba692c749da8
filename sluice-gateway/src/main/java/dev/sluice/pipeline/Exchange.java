package dev.sluice.pipeline;

import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.authenticate.Principal;
import dev.sluice.provider.TokenUsage;
import dev.sluice.route.RoutePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One request's state as it passes the stages: what the client sent, who it is, where it goes,
 * what happened upstream, and how it ended. Stages communicate only through it.
 *
 * <p>Not thread-safe by design: an exchange lives on one event loop from start to completion.
 * Its completion runs the listeners (stage 6) exactly once, however the request ends.
 */
public final class Exchange {
  private final String requestId;
  private final Endpoint endpoint;
  private final RequestHeaders headers;
  private final ClientChannel channel;
  private final long startNanos;
  private final long startEpochMillis;
  private final List<Consumer<Exchange>> completionListeners = new ArrayList<>(2);

  private ClientRequest request;
  private Principal principal;
  private RoutePlan plan;
  private long promptTokenEstimate = -1;
  private ModelFilter modelFilter = ModelFilter.ANY;
  private final List<Reservation> reservations = new ArrayList<>(2);
  private List<SharedCounters.Claim> claims = List.of();

  private int attempts;
  private String backend;
  private String upstreamModel;
  private TokenUsage usage;
  private boolean nativeAnswer;
  private long firstByteNanos;
  private long upstreamNanos;

  private RequestTelemetry telemetry = RequestTelemetry.NONE;

  private boolean completed;
  private int status;
  private String errorCode;

  public Exchange(
      String requestId,
      Endpoint endpoint,
      RequestHeaders headers,
      ClientChannel channel,
      long startNanos,
      long startEpochMillis) {
    this.requestId = requestId;
    this.endpoint = endpoint;
    this.headers = headers;
    this.channel = channel;
    this.startNanos = startNanos;
    this.startEpochMillis = startEpochMillis;
  }

  public String requestId() {
    return requestId;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  public RequestHeaders headers() {
    return headers;
  }

  public ClientChannel channel() {
    return channel;
  }

  public long startNanos() {
    return startNanos;
  }

  public long startEpochMillis() {
    return startEpochMillis;
  }

  /** The parsed request; null until the body was read and parsed. */
  public ClientRequest request() {
    return request;
  }

  public void request(ClientRequest request) {
    this.request = request;
  }

  /** Set by stage 1; null for a request rejected before it. */
  public Principal principal() {
    return principal;
  }

  public void principal(Principal principal) {
    this.principal = principal;
  }

  /** The models this caller may use; set by stage 2. */
  public ModelFilter modelFilter() {
    return modelFilter;
  }

  public void modelFilter(ModelFilter filter) {
    this.modelFilter = filter;
  }

  /** Adds a reservation for stage 6 to settle. */
  public void reserved(Reservation reservation) {
    reservations.add(reservation);
  }

  /** What stages 2 and 3 reserved, in order. */
  public List<Reservation> reservations() {
    return reservations;
  }

  /**
   * Claims units of a shared counter (store {@code redis-postgres}); {@link SharedAdmission}
   * takes every claim at once, after stage 3.
   */
  public void claim(SharedCounter counter, long units) {
    if (claims.isEmpty()) {
      claims = new ArrayList<>(6);
    }
    claims.add(new SharedCounters.Claim(counter, null, units));
  }

  /** What stages 2 and 3 claimed, in order; empty with the embedded store. */
  public List<SharedCounters.Claim> claims() {
    return claims;
  }

  /** Set by stage 4: the route and the ordered targets to try. */
  public RoutePlan plan() {
    return plan;
  }

  public void plan(RoutePlan plan) {
    this.plan = plan;
  }

  /** Estimated prompt tokens, computed at most once per request; -1 when not computed. */
  public long promptTokenEstimate() {
    return promptTokenEstimate;
  }

  public void promptTokenEstimate(long tokens) {
    this.promptTokenEstimate = tokens;
  }

  /** Stage 6's view of the upstream attempts (spans, trace headers, counters); never null. */
  public RequestTelemetry telemetry() {
    return telemetry;
  }

  public void telemetry(RequestTelemetry telemetry) {
    this.telemetry = telemetry;
  }

  // --- what happened upstream (stage 5) ---

  public int attempts() {
    return attempts;
  }

  /** Records the start of an upstream attempt against {@code backend}. */
  public void attemptStarted(String backend, String upstreamModel) {
    this.attempts++;
    this.backend = backend;
    this.upstreamModel = upstreamModel;
  }

  public String backend() {
    return backend;
  }

  public String upstreamModel() {
    return upstreamModel;
  }

  /**
   * True when the current attempt's answer is already in the client's own schema (a
   * pass-through), so the way out must not translate it.
   */
  public boolean nativeAnswer() {
    return nativeAnswer;
  }

  public void nativeAnswer(boolean nativeAnswer) {
    this.nativeAnswer = nativeAnswer;
  }

  /** Token usage the provider reported (or was counted); null when unknown. */
  public TokenUsage usage() {
    return usage;
  }

  public void usage(TokenUsage usage) {
    this.usage = usage;
  }

  /** Marks the first byte of the answer sent to the client (time to first token, streams). */
  public void firstByteSent(long nanos) {
    if (firstByteNanos == 0) {
      firstByteNanos = nanos;
    }
  }

  public long firstByteNanos() {
    return firstByteNanos;
  }

  /** Time spent waiting on providers, summed over attempts. */
  public void addUpstreamNanos(long nanos) {
    upstreamNanos += nanos;
  }

  public long upstreamNanos() {
    return upstreamNanos;
  }

  // --- completion (feeds stage 6) ---

  /** Registers a listener that runs once when the exchange completes. */
  public void onComplete(Consumer<Exchange> listener) {
    completionListeners.add(listener);
  }

  /**
   * Ends the exchange with the status the client saw and the error code, if any. Called by the
   * channel after the last byte, or when the client went away; later calls are ignored.
   */
  public void complete(int status, String errorCode) {
    if (completed) {
      return;
    }
    completed = true;
    this.status = status;
    this.errorCode = errorCode;
    for (Consumer<Exchange> listener : completionListeners) {
      listener.accept(this);
    }
  }

  public boolean completed() {
    return completed;
  }

  public int status() {
    return status;
  }

  public String errorCode() {
    return errorCode;
  }
}
