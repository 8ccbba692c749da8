package dev.sluice.upstream;

import dev.sluice.route.RetryPolicy;
import java.time.Duration;

/**
 * Decides, after a failed attempt, between retrying the same target after a backoff, failing
 * over to the next target, or stopping with the failure. Pure, so it is tested without a network.
 */
final class RetryRule {

  /** What to do next. */
  sealed interface Decision {
    record RetrySame(Duration delay) implements Decision {}

    record NextTarget() implements Decision {}

    record Stop() implements Decision {}
  }

  private static final Decision NEXT = new Decision.NextTarget();
  private static final Decision STOP = new Decision.Stop();

  private RetryRule() {}

  /**
   * @param attemptsOnTarget attempts already made on the current target (>= 1)
   * @param random uniform in [0, 1), for jitter
   */
  static Decision decide(RetryPolicy policy, Failure failure, int attemptsOnTarget, double random) {
    if (failure instanceof Failure.Unsupported) {
      return NEXT; // the same provider would refuse it again; another might take it
    }
    if (!retryable(policy, failure)) {
      return STOP;
    }
    if (attemptsOnTarget >= policy.maxAttemptsPerTarget()) {
      return NEXT;
    }
    Duration delay = policy.backoff(attemptsOnTarget, random);
    if (failure instanceof Failure.Status status && status.retryAfter() != null) {
      // The provider said when it will take us back. Longer than we would ever back off: the
      // next target is a better use of the client's time than waiting.
      if (status.retryAfter().compareTo(policy.maxBackoff()) > 0) {
        return NEXT;
      }
      delay = status.retryAfter().compareTo(delay) > 0 ? status.retryAfter() : delay;
    }
    return new Decision.RetrySame(delay);
  }

  /** True when the route's {@code retry.on} list names this kind of failure. */
  static boolean retryable(RetryPolicy policy, Failure failure) {
    return switch (failure) {
      case Failure.Status s -> policy.retriesStatus(s.error().status());
      case Failure.ConnectFailure c -> policy.onConnectFailure();
      case Failure.Timeout t -> policy.onTimeout();
      case Failure.Broken b -> policy.retriesStatus(502);
      case Failure.Unsupported u -> false;
    };
  }
}
