package dev.sluice.upstream;

import dev.sluice.provider.UpstreamError;
import dev.sluice.provider.UpstreamRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps a backend's credential out of what its provider answers: some providers (and the
 * proxies in front of them) quote the key they were sent in an error's message, "Incorrect API
 * key provided: ...", and that message goes on to the client and the logs (SPEC §6: errors never
 * carry upstream credentials). The credential is taken from the headers the attempt sent, so a
 * token refreshed since start-up (Vertex) or a session token (Bedrock) is covered too.
 */
final class Credentials {
  static final String REDACTED = "[redacted]";
  // The headers a provider puts its credential in: OpenAI, Vertex and Bedrock's SigV4
  // (authorization), Anthropic (x-api-key), Azure (api-key), Gemini (x-goog-api-key), AWS
  // temporary credentials (x-amz-security-token).
  private static final Set<String> HEADERS = Set.of("authorization", "x-api-key", "api-key",
      "x-goog-api-key", "x-amz-security-token");
  // Shorter values are not looked for: a test's "x" would blank every x of a message.
  private static final int SHORTEST = 8;

  private Credentials() {}

  /** The secrets {@code request} carries: each credential header's value, and its token alone. */
  static List<String> sentIn(UpstreamRequest request) {
    List<String> secrets = new ArrayList<>(2);
    for (UpstreamRequest.Header header : request.headers()) {
      if (!HEADERS.contains(header.name().toLowerCase(Locale.ROOT))) {
        continue;
      }
      String value = header.value();
      add(secrets, value);
      if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
        add(secrets, value.substring(7).trim());
      } else if (value.startsWith("AWS4-")) { // SigV4: Credential=<access key id>/<scope>
        int from = value.indexOf("Credential=");
        int to = from < 0 ? -1 : value.indexOf('/', from);
        if (to > 0) {
          add(secrets, value.substring(from + "Credential=".length(), to));
        }
      }
    }
    return secrets;
  }

  /** {@code error} with every secret in its text replaced by {@value #REDACTED}. */
  static UpstreamError scrub(UpstreamError error, List<String> secrets) {
    if (secrets.isEmpty()) {
      return error;
    }
    return new UpstreamError(error.status(), scrub(error.type(), secrets),
        scrub(error.code(), secrets), scrub(error.message(), secrets),
        scrub(error.param(), secrets));
  }

  private static String scrub(String text, List<String> secrets) {
    if (text == null) {
      return null;
    }
    for (String secret : secrets) { // longest first: "Bearer <key>" before "<key>"
      text = text.replace(secret, REDACTED);
    }
    return text;
  }

  private static void add(List<String> secrets, String value) {
    if (value.length() >= SHORTEST) {
      secrets.add(value);
    }
  }
}
