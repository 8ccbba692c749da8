package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Endpoint;
import dev.sluice.api.OpenAiErrors;
import dev.sluice.pipeline.Exchange;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's last bytes leave before stage 6 (settlement, the access record, the ledger entry,
 * metrics, the span) runs: its answer, and a stream's first event when one read brought the
 * whole stream, never wait for the gateway's bookkeeping. Over HTTP/1.1: Vert.x's HTTP/2 handler
 * flushes its frames later in the turn, after stage 6 either way.
 */
class HttpChannelTest {
  private final Vertx vertx = Vertx.vertx();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();
  /** Released once the client holds its whole answer; stage 6 waits for it (at most 5 s). */
  private final CountDownLatch answered = new CountDownLatch(1);
  private final CountDownLatch stageSixDone = new CountDownLatch(1);
  private volatile boolean stageSixSawTheAnswerOut;

  @AfterEach
  void close() {
    answered.countDown();
    vertx.close().await();
  }

  @Test
  void aJsonAnswerReachesTheClientBeforeStageSixRuns() throws Exception {
    int port = serve(channel ->
        channel.respond(200, "application/json", "{\"ok\":true}".getBytes(StandardCharsets.UTF_8)));

    HttpResponse<String> response = send(port);
    answered.countDown();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"ok\":true}");
    assertThat(stageSixRanAfterTheClientHadItsAnswer()).isTrue();
  }

  @Test
  void aStreamThatArrivedInOneReadReachesTheClientBeforeStageSixRuns() throws Exception {
    int port = serve(channel -> {
      channel.startStream();
      channel.write("data: {\"n\":1}\n\n".getBytes(StandardCharsets.UTF_8));
      channel.write("data: {\"n\":2}\n\n".getBytes(StandardCharsets.UTF_8));
      channel.endStream("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    });

    HttpResponse<String> response = send(port);
    answered.countDown();

    assertThat(response.body()).isEqualTo("data: {\"n\":1}\n\ndata: {\"n\":2}\n\ndata: [DONE]\n\n");
    assertThat(stageSixRanAfterTheClientHadItsAnswer()).isTrue();
  }

  /** Stage 6 ran (within 5 s) and found the client already holding its answer. */
  private boolean stageSixRanAfterTheClientHadItsAnswer() throws InterruptedException {
    return stageSixDone.await(5, TimeUnit.SECONDS) && stageSixSawTheAnswerOut;
  }

  /** A server whose requests are answered by {@code answer} through an {@link HttpChannel}. */
  private int serve(Consumer<HttpChannel> answer) {
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      HttpChannel channel = new HttpChannel(request.response(), OpenAiErrors.SHAPE);
      Exchange exchange = new Exchange("r", Endpoint.CHAT, name -> null, channel, System.nanoTime(),
          System.currentTimeMillis());
      channel.bind(exchange);
      exchange.onComplete(completed -> { // stands in for stage 6: holds the event loop
        try {
          stageSixSawTheAnswerOut = answered.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        stageSixDone.countDown();
      });
      // Answered in a later turn of the event loop, as a provider's answer is: Vert.x holds back
      // the flush of what is written while the same connection is being read.
      Context context = vertx.getOrCreateContext();
      request.body().onSuccess(body -> context.runOnContext(v -> answer.accept(channel)));
    });
    return server.listen(0, "127.0.0.1").await().actualPort();
  }

  private HttpResponse<String> send(int port) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString("{}"))
        .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
