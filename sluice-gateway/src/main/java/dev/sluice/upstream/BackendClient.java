package dev.sluice.upstream;

import dev.sluice.config.BackendConfig;
import dev.sluice.provider.Provider;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import java.net.URI;

/**
 * One backend as one event loop sees it: its provider (shared, pure) and a pooled keep-alive
 * HTTP client owned by this event loop, so a request and its upstream connection never change
 * threads.
 */
final class BackendClient {
  private final BackendConfig config;
  private final Provider provider;
  private final HttpClientAgent http; // null for local providers
  private final String host;
  private final int port;
  private final boolean ssl;
  private final BackendStats stats;
  private final BackendCircuit circuit;

  BackendClient(Vertx vertx, BackendConfig config, Provider provider, boolean local,
      BackendStats stats, BackendCircuit circuit) {
    this.config = config;
    this.provider = provider;
    this.stats = stats;
    this.circuit = circuit;
    if (local || config.url() == null) {
      this.http = null;
      this.host = null;
      this.port = 0;
      this.ssl = false;
      return;
    }
    URI url = URI.create(config.url());
    this.ssl = "https".equalsIgnoreCase(url.getScheme());
    this.host = url.getHost();
    this.port = url.getPort() > 0 ? url.getPort() : (ssl ? 443 : 80);
    HttpClientOptions options = new HttpClientOptions()
        .setDefaultHost(host)
        .setDefaultPort(port)
        .setSsl(ssl)
        .setVerifyHost(true) // upstream TLS is verified; there is no switch to turn it off
        .setTcpNoDelay(true)
        .setKeepAlive(true)
        .setConnectTimeout((int) config.timeouts().connect().toMillis())
        .setMaxHeaderSize(64 * 1024);
    if (config.http2()) {
      // A stream paused for its slow client keeps its unread bytes counted against the whole
      // connection's flow-control window: with HTTP/2's default 64 KiB a few paused streams
      // would stall every other stream on the connection. 16 MiB is room for 256 streams' own
      // 64 KiB windows, so one stream's client never holds up another's.
      options.setProtocolVersion(HttpVersion.HTTP_2).setHttp2ConnectionWindowSize(16 * 1024 * 1024);
      if (ssl) {
        options.setUseAlpn(true); // h2 when the server offers it, else HTTP/1.1
      } else {
        options.setHttp2ClearTextUpgrade(false); // prior knowledge: no Upgrade round trip
      }
    }
    // HTTP/2 servers commonly allow 100-250 concurrent streams a connection: enough connections
    // for maxConcurrent streams at 100 each. Over HTTP/1.1 each attempt holds a connection.
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(config.maxConcurrent())
        .setHttp2MaxSize(Math.max(1, (config.maxConcurrent() + 99) / 100));
    this.http = vertx.httpClientBuilder().with(options).with(pool)
        // Failures are reported to the attempt that saw them; without a handler Vert.x would also
        // log every provider reset at ERROR.
        .withConnectHandler(connection -> connection.exceptionHandler(error -> { }))
        .build();
  }

  BackendConfig config() {
    return config;
  }

  String name() {
    return config.name();
  }

  BackendStats stats() {
    return stats;
  }

  BackendCircuit circuit() {
    return circuit;
  }

  Provider provider() {
    return provider;
  }

  HttpClientAgent http() {
    return http;
  }

  String host() {
    return host;
  }

  int port() {
    return port;
  }

  boolean ssl() {
    return ssl;
  }

  void close() {
    if (http != null) {
      http.close();
    }
  }
}
