package dev.sluice.config;

import java.time.Duration;

/** {@code server:}: where the data and admin ports listen and how requests are bounded. */
public record ServerConfig(
    String host,
    Integer port,
    Integer adminPort,
    ByteSize maxRequestBytes,
    Duration drainTimeout,
    TlsConfig tls,
    Integer eventLoops) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_ADMIN_PORT = 8081;

  public ServerConfig {
    host = host == null ? DEFAULT_HOST : host;
    port = port == null ? DEFAULT_PORT : port;
    adminPort = adminPort == null ? DEFAULT_ADMIN_PORT : adminPort;
    maxRequestBytes = maxRequestBytes == null ? ByteSize.ofMebibytes(10) : maxRequestBytes;
    drainTimeout = drainTimeout == null ? Duration.ofSeconds(30) : drainTimeout;
    // One event loop per core, as nginx runs one worker per core: a proxy's loops never block,
    // so more loops than cores only add context switches (measured in docs/benchmarks.md).
    eventLoops = eventLoops == null ? Runtime.getRuntime().availableProcessors() : eventLoops;
  }

  public static ServerConfig defaults() {
    return new ServerConfig(null, null, null, null, null, null, null);
  }

  /** {@code server.tls}: PEM certificate chain and private key for the data and admin ports. */
  public record TlsConfig(String cert, String key) {}
}
