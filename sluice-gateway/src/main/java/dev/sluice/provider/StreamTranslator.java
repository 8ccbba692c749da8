package dev.sluice.provider;

/**
 * Translates one streamed answer chunk by chunk, never holding more than the current partial
 * event. Output is whole client-schema SSE events, ready to write.
 */
public interface StreamTranslator {
  byte[] NOTHING = new byte[0];

  /** Consumes upstream bytes (split anywhere); returns the events completed by them. */
  byte[] feed(byte[] chunk) throws ProviderException;

  /**
   * The upstream body ended: returns the closing bytes for the client.
   *
   * @throws ProviderException when the stream ended before the provider's end marker
   */
  byte[] finish() throws ProviderException;

  /** Usage the stream reported, or null when it reported none (so far). */
  TokenUsage usage();
}
