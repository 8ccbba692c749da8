package dev.sluice.bench;

import dev.sluice.api.Endpoint;
import dev.sluice.api.GatewayError;
import dev.sluice.pipeline.ClientChannel;
import dev.sluice.pipeline.Exchange;
import dev.sluice.pipeline.RequestHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The request and answers of ../shared/bench (copied here so the benchmarks run anywhere), and a
 * channel that discards what it is given.
 */
final class Fixtures {
  /** load/chat-request.json: 972 B, system + user message. */
  static final byte[] CHAT_REQUEST = resource("chat-request.json");
  /** mock/chat-completion.json: 695 B chat.completion with usage. */
  static final byte[] CHAT_COMPLETION = resource("chat-completion.json");
  /** mock/chat-completion.sse: 11 chunk events, usage chunk, [DONE]. */
  static final byte[] CHAT_STREAM = resource("chat-completion.sse");

  private Fixtures() {}

  static byte[] resource(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Exchange exchange(RequestHeaders headers) {
    return new Exchange("req_bench", Endpoint.CHAT, headers, DISCARD, System.nanoTime(),
        System.currentTimeMillis());
  }

  static final ClientChannel DISCARD = new ClientChannel() {
    @Override
    public void header(String name, String value) {}

    @Override
    public void respond(int status, String contentType, byte[] body) {}

    @Override
    public void fail(GatewayError error) {}

    @Override
    public void startStream() {}

    @Override
    public boolean write(byte[] bytes) {
      return true;
    }

    @Override
    public void onWritable(Runnable drained) {}

    @Override
    public void endStream(byte[] lastBytes) {}

    @Override
    public boolean committed() {
      return false;
    }

    @Override
    public void onClientGone(Runnable gone) {}
  };
}
