package dev.sluice.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The floor of Sluice's HTTP stack: a proxy on Vert.x's HTTP server and client that does nothing
 * but relay, one event loop, as Sluice runs them (keep-alive pool to the upstream, the whole body
 * read before it is sent, the answer relayed whole). What it costs per request beside nginx says
 * how much of Sluice's cost is the stack's and how much its own stages'. Not a product: no
 * errors handled beyond a 502, no headers but the content type.
 *
 * <pre>java -cp sluice-bench/target/benchmarks.jar dev.sluice.bench.VertxFloor PORT UPSTREAM_HOST UPSTREAM_PORT</pre>
 */
public final class VertxFloor {
  private VertxFloor() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    String upstreamHost = args[1];
    int upstreamPort = Integer.parseInt(args[2]);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true));
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
        .setDefaultHost(upstreamHost).setDefaultPort(upstreamPort),
        new PoolOptions().setHttp1MaxSize(256));
    vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1"))
        .requestHandler(request -> request.body().onSuccess(body -> {
          RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
              .setURI(request.uri())
              .putHeader("content-type", request.getHeader("content-type"));
          client.request(options)
              .compose(upstream -> upstream.send(body))
              .compose(answer -> answer.body().map(bytes -> {
                request.response().setStatusCode(answer.statusCode())
                    .putHeader("content-type", answer.getHeader("content-type"))
                    .end(bytes);
                return null;
              }))
              .onFailure(e -> request.response().setStatusCode(502).end());
        }))
        .listen()
        .await();
    System.out.println("VertxFloor on " + port + " -> " + upstreamHost + ":" + upstreamPort);
  }
}
