package dev.sluice.pipeline;

/** Case-insensitive read access to the client's request headers (the server adapts its own). */
@FunctionalInterface
public interface RequestHeaders {
  /** The first value of the header, or null. */
  String get(String name);
}
