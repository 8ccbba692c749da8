package dev.sluice.server;

import dev.sluice.api.GatewayError;
import dev.sluice.api.anthropic.AnthropicResponses;
import dev.sluice.api.anthropic.AnthropicStreamWriter;
import dev.sluice.api.anthropic.AnthropicTranslationException;
import dev.sluice.pipeline.ClientChannel;
import dev.sluice.pipeline.Exchange;

/**
 * The way back to an Anthropic-shaped client ({@code POST /v1/messages}): the pipeline answers
 * in OpenAI's schema, and this channel translates on the way out — a {@code chat.completion}
 * into a {@code message}, a chunk stream into Anthropic's event stream, event by event. Errors
 * are already rendered in Anthropic's shape by the channel underneath. An answer from an
 * Anthropic backend that was sent the client's own body is already in Anthropic's shape: it is
 * relayed as it is.
 */
final class AnthropicChannel implements ClientChannel {
  private final ClientChannel http;
  private Exchange exchange;
  private AnthropicStreamWriter stream; // null: the answer is relayed as it is

  AnthropicChannel(ClientChannel http) {
    this.http = http;
  }

  void bind(Exchange exchange) {
    this.exchange = exchange;
  }

  @Override
  public void header(String name, String value) {
    http.header(name, value);
  }

  @Override
  public void respond(int status, String contentType, byte[] body) {
    if (status != 200 || exchange.nativeAnswer()) {
      http.respond(status, contentType, body);
      return;
    }
    try {
      http.respond(200, contentType, AnthropicResponses.fromOpenAi(body));
    } catch (AnthropicTranslationException e) {
      http.fail(new GatewayError.UpstreamFailed("The answer cannot be given in Anthropic's shape: "
          + e.getMessage()));
    }
  }

  @Override
  public void fail(GatewayError error) {
    http.fail(error);
  }

  @Override
  public void startStream() {
    stream = exchange.nativeAnswer() ? null : new AnthropicStreamWriter();
    http.startStream();
  }

  @Override
  public boolean write(byte[] bytes) {
    if (stream == null) {
      return http.write(bytes);
    }
    try {
      byte[] events = stream.feed(bytes);
      return events.length == 0 || http.write(events);
    } catch (AnthropicTranslationException e) {
      http.fail(new GatewayError.UpstreamFailed("The stream broke: " + e.getMessage()));
      return true;
    }
  }

  @Override
  public void onWritable(Runnable drained) {
    http.onWritable(drained);
  }

  @Override
  public void endStream(byte[] lastBytes) {
    if (stream == null) {
      http.endStream(lastBytes);
      return;
    }
    try {
      byte[] last = stream.feed(lastBytes);
      byte[] closing = stream.finish();
      byte[] events = new byte[last.length + closing.length];
      System.arraycopy(last, 0, events, 0, last.length);
      System.arraycopy(closing, 0, events, last.length, closing.length);
      http.endStream(events);
    } catch (AnthropicTranslationException e) {
      http.fail(new GatewayError.UpstreamFailed("The stream broke: " + e.getMessage()));
    }
  }

  @Override
  public boolean committed() {
    return http.committed();
  }

  @Override
  public void onClientGone(Runnable gone) {
    http.onClientGone(gone);
  }

  @Override
  public void onShutdown(Runnable stop) {
    http.onShutdown(stop);
  }
}
