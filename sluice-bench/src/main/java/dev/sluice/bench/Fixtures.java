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
  /**
   * A request and a token limit and a budget on each of key, project and team (the key narrowed
   * to gpt-4o*), all far above what a run takes so that every call is admitted: stages 2 and 3
   * on their common path. Shared by the embedded and the Redis admission benchmarks so that
   * they measure the same work.
   */
  static final String TENANCY_CONFIG = """
      backends: [ { name: m, type: mock } ]
      routes: [ { name: r, targets: [ { backend: m } ] } ]
      pricing: { gpt-4o-mini: { input: 0.15, output: 0.60 } }
      teams:
        - name: t
          limits: [ { requests: 1000000000, per: 1m }, { tokens: 1000000000000, per: 1m } ]
          budget: { usd: 1000000000, per: month }
          projects:
            - name: p
              limits: [ { requests: 1000000000, per: 1m }, { tokens: 1000000000000, per: 1m } ]
              budget: { usd: 1000000000, per: month }
      keys:
        - id: k
          key: sk-bench-0001
          owner: o
          team: t
          project: p
          models: ["gpt-4o*"]
          limits: [ { requests: 1000000000, per: 1m }, { tokens: 1000000000000, per: 1m } ]
          budget: { usd: 1000000000, per: day }
      """;

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
