package dev.sluice.upstream;

import dev.sluice.provider.UpstreamError;
import java.time.Duration;

/** Why one upstream attempt failed; the retry rule decides what happens next from it. */
sealed interface Failure {

  /** For the access log and the final 502 message: what went wrong, naming the backend. */
  String describe();

  /** The provider answered with a non-2xx status. {@code retryAfter} is null when absent. */
  record Status(String backend, UpstreamError error, Duration retryAfter) implements Failure {
    public String describe() {
      return "backend '" + backend + "' answered HTTP " + error.status() + ": " + error.message();
    }
  }

  /** No connection could be made (refused, unreachable, connect timeout). */
  record ConnectFailure(String backend, String detail) implements Failure {
    public String describe() {
      return "could not connect to backend '" + backend + "': " + detail;
    }
  }

  /** No first byte, or silence between chunks, for longer than the backend's timeout. */
  record Timeout(String backend, String detail) implements Failure {
    public String describe() {
      return "backend '" + backend + "' timed out: " + detail;
    }
  }

  /** The request has a field this backend's provider cannot express: try another target. */
  record Unsupported(String backend, String param, String detail) implements Failure {
    public String describe() {
      return detail;
    }
  }

  /**
   * The answer was unusable: connection reset mid-answer, malformed JSON, a cut stream. Retried
   * like a 502, which is what a proxy in front of such a provider would have said.
   */
  record Broken(String backend, String detail) implements Failure {
    public String describe() {
      return "backend '" + backend + "' sent an invalid answer: " + detail;
    }
  }
}
