package dev.sluice.store;

/** The ledger could not be opened or read. Writes never throw: they retry, then spool. */
public final class LedgerException extends RuntimeException {
  LedgerException(String message, Throwable cause) {
    super(message, cause);
  }
}
