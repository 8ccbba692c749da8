package dev.sluice.pipeline;

import dev.sluice.api.GatewayError;

/**
 * The way back to the client, implemented by the server for each request. Whoever answers (a
 * stage with an error, or the upstream stage with a proxied answer or stream) uses it; it
 * renders errors in the API shape of the endpoint the client called, and it completes the
 * {@link Exchange} when the last byte has been written or the client has gone.
 *
 * <p>All methods are called on the request's event loop.
 */
public interface ClientChannel {

  /** Adds a response header; ignored once the response is committed. */
  void header(String name, String value);

  /** A complete, non-streamed answer. */
  void respond(int status, String contentType, byte[] body);

  /**
   * Fails the request: an error response if nothing was sent yet, else a final SSE error event
   * and the end of the stream.
   */
  void fail(GatewayError error);

  /** Commits a {@code 200 text/event-stream} response. */
  void startStream();

  /**
   * Writes stream bytes (whole SSE events). Returns false when the client's write queue is
   * full: the caller pauses its source until {@link #onWritable} fires. The channel may hold the
   * array until the event loop's turn ends (to write a turn's events together): the caller hands
   * it over and does not change it afterwards.
   */
  boolean write(byte[] bytes);

  /** Runs once when the client can take more bytes after {@link #write} returned false. */
  void onWritable(Runnable drained);

  /** Writes the last bytes and ends the stream. */
  void endStream(byte[] lastBytes);

  /** True once the response status line has been sent (no retry is possible after that). */
  boolean committed();

  /** Runs if the client disconnects before the answer is complete. */
  void onClientGone(Runnable gone);

  /**
   * Runs, instead of the channel's own 503, if the server's drain timeout runs out before the
   * answer is complete: the upstream stage stops its attempt, charges what was streamed and ends
   * the answer with {@link dev.sluice.api.GatewayError.ShuttingDown}.
   */
  default void onShutdown(Runnable stop) {}
}
