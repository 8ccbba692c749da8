package dev.sluice.authenticate;

import java.nio.ByteBuffer;
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

  /** A SHA-256 digest as four longs: a map key without formatting hex on the request path. */
  public record Digest(long a, long b, long c, long d) {
    static Digest of(byte[] hash) {
      ByteBuffer bytes = ByteBuffer.wrap(hash);
      return new Digest(bytes.getLong(), bytes.getLong(), bytes.getLong(), bytes.getLong());
    }

    /** Parses {@code sha256:<64 hex>} (validated by the config loader). */
    public static Digest parse(String text) {
      return of(HexFormat.of().parseHex(text.substring(PREFIX.length())));
    }
  }

  /** {@code sha256:<hex>} of the key's UTF-8 bytes, as the config and {@code hash-key} write it. */
  public static String of(String plaintextKey) {
    return PREFIX + HexFormat.of().formatHex(sha256(plaintextKey));
  }

  /** The digest of a key, for lookups. */
  public static Digest digest(String plaintextKey) {
    return Digest.of(sha256(plaintextKey));
  }

  private static byte[] sha256(String plaintextKey) {
    return SHA256.get().digest(plaintextKey.getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
