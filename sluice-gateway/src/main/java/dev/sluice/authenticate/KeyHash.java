package dev.sluice.authenticate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * API keys are stored and compared as SHA-256 digests, written {@code sha256:<64 hex>}. Keys are
 * random and high-entropy, so a fast unsalted digest is the right tool (as for GitHub tokens):
 * a slow password hash would cost milliseconds per request and buy nothing.
 */
public final class KeyHash {
  public static final String PREFIX = "sha256:";

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(KeyHash::newDigest);

  private KeyHash() {}

  /** {@code sha256:<hex>} of the key's UTF-8 bytes. */
  public static String of(String plaintextKey) {
    MessageDigest digest = SHA256.get();
    byte[] hash = digest.digest(plaintextKey.getBytes(StandardCharsets.UTF_8));
    return PREFIX + HexFormat.of().formatHex(hash);
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
