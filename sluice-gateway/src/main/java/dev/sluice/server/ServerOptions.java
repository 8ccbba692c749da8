package dev.sluice.server;

import dev.sluice.config.ServerConfig;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;

/** Listener settings shared by the data and admin ports. */
final class ServerOptions {
  static final int MAX_HEADER_BYTES = 32 * 1024;
  static final int MAX_REQUEST_LINE_BYTES = 8 * 1024;

  private ServerOptions() {}

  static HttpServerOptions dataPlane(ServerConfig server) {
    HttpServerOptions options = new HttpServerOptions()
        .setTcpNoDelay(true) // streamed events must not wait for Nagle (~40 ms otherwise)
        .setMaxInitialLineLength(MAX_REQUEST_LINE_BYTES)
        .setMaxHeaderSize(MAX_HEADER_BYTES) // bounded: a hostile client cannot exhaust memory with headers
        .setCompressionSupported(false)
        // No WebSockets here: without these Vert.x adds a WebSocket extension handler to every
        // connection's pipeline, which looks at every request.
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        // Not automatically: a body declared past the limit is refused without inviting it
        // (DataPlaneVerticle and AdminApi send the 100 once the declared length is in bounds).
        .setHandle100ContinueAutomatically(false);
    if (server.tls() != null) {
      options.setSsl(true).setKeyCertOptions(
          new PemKeyCertOptions().setCertPath(server.tls().cert()).setKeyPath(server.tls().key()));
    }
    return options;
  }
}
