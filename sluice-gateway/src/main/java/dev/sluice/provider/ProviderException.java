package dev.sluice.provider;

/**
 * The provider sent something that is not a valid answer (malformed JSON, a cut stream, a
 * broken frame). A normal failure path: no stack trace.
 */
public class ProviderException extends Exception {
  public ProviderException(String message) {
    super(message, null, false, false);
  }
}
