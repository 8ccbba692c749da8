package dev.sluice.server;

import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code x-request-id}: the client's, when it is a sane token, else a new random one. Request ids
 * correlate logs; they are not secrets, so a fast non-cryptographic source is right here.
 */
final class RequestIds {
  private static final int MAX_CLIENT_ID = 128;

  private RequestIds() {}

  static String accept(String clientId) {
    if (clientId == null || clientId.isEmpty() || clientId.length() > MAX_CLIENT_ID) {
      return generate();
    }
    for (int i = 0; i < clientId.length(); i++) {
      char c = clientId.charAt(i);
      boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == ':';
      if (!safe) {
        return generate(); // keep log lines and headers free of injected characters
      }
    }
    return clientId;
  }

  static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return "req_" + Long.toHexString(random.nextLong() | Long.MIN_VALUE)
        + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
  }
}
