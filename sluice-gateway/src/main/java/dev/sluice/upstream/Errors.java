package dev.sluice.upstream;

import io.vertx.core.http.StreamResetException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Turns the client library's exceptions into {@link Failure}s with messages fit for clients. */
final class Errors {
  private Errors() {}

  /** A failure after the connection was made. */
  static Failure classify(String backend, Throwable error, String timeoutDetail) {
    if (isTimeout(error)) {
      return new Failure.Timeout(backend, timeoutDetail);
    }
    if (error instanceof ConnectException || error instanceof UnknownHostException) {
      return new Failure.ConnectFailure(backend, describe(error));
    }
    return new Failure.Broken(backend, describe(error));
  }

  /** A short description without stack or internals; never includes request content. */
  static String describe(Throwable error) {
    if (isTimeout(error)) {
      return "timed out";
    }
    if (error instanceof UnknownHostException) {
      return "unknown host";
    }
    if (error instanceof ConnectException) {
      return error.getMessage() != null && error.getMessage().contains("timed out")
          ? "connect timed out"
          : "connection refused";
    }
    if (error instanceof SSLException) {
      return "TLS failure";
    }
    if (error instanceof StreamResetException) {
      return "stream reset";
    }
    String message = error.getMessage();
    if (message != null && message.toLowerCase(java.util.Locale.ROOT).contains("closed")) {
      return "connection closed";
    }
    if (message != null && message.toLowerCase(java.util.Locale.ROOT).contains("reset")) {
      return "connection reset";
    }
    return error.getClass().getSimpleName();
  }

  private static boolean isTimeout(Throwable error) {
    return error instanceof TimeoutException
        || error.getClass().getSimpleName().contains("Timeout");
  }
}
