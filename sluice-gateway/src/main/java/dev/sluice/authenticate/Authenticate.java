package dev.sluice.authenticate;

import dev.sluice.api.GatewayError;
import dev.sluice.pipeline.Decision;
import dev.sluice.pipeline.Exchange;
import dev.sluice.pipeline.RequestHeaders;
import dev.sluice.pipeline.Stage;
import java.time.InstantSource;

/**
 * Stage 1: the inbound API key becomes a {@link Principal}. The key is read from
 * {@code Authorization: Bearer}, {@code x-api-key} or {@code api-key} (the OpenAI, Anthropic and
 * Azure SDKs' ways), hashed, and looked up; an unknown or expired key is a 401 that says no more
 * than that (which of the two is not the caller's business).
 */
public final class Authenticate implements Stage {
  private static final GatewayError MISSING = new GatewayError.InvalidApiKey(
      "Missing API key: send it as 'Authorization: Bearer <key>' (or x-api-key / api-key).");
  private static final GatewayError INVALID =
      new GatewayError.InvalidApiKey("Incorrect, revoked or expired API key.");

  private final KeyIndex keys;
  private final InstantSource clock;

  public Authenticate(KeyIndex keys, InstantSource clock) {
    this.keys = keys;
    this.clock = clock;
  }

  @Override
  public Decision apply(Exchange exchange) {
    String key = credential(exchange.headers());
    if (key == null || key.isEmpty()) {
      return Decision.answer(MISSING);
    }
    KeyIndex.Entry entry = keys.find(KeyHash.digest(key));
    if (entry == null
        || (entry.expiresAt() != null && !clock.instant().isBefore(entry.expiresAt()))) {
      return Decision.answer(INVALID);
    }
    exchange.principal(entry.principal());
    return Decision.PROCEED;
  }

  /** The client's key, from the first of the three credential headers present. */
  static String credential(RequestHeaders headers) {
    String authorization = headers.get("authorization");
    // Another scheme (Basic ...) is not a key of ours: fall through to the other headers.
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    String key = headers.get("x-api-key");
    if (key == null) {
      key = headers.get("api-key");
    }
    return key == null ? null : key.trim();
  }
}
