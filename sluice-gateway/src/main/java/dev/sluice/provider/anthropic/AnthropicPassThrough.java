package dev.sluice.provider.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.provider.Bytes;
import dev.sluice.provider.JsonScan;
import dev.sluice.provider.ProviderException;
import dev.sluice.sse.SseSplitter;
import dev.sluice.provider.StreamTranslator;
import dev.sluice.provider.TokenUsage;
import dev.sluice.provider.TranslatedResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An Anthropic client's request to an Anthropic backend: the client's body goes as it came
 * (only the model renamed when the route says so), and the answer comes back as it came — every
 * field kept, prompt caching and extended thinking included. Sluice still reads the usage, from
 * the answer's {@code usage} or from the stream's {@code message_start} and {@code message_delta}.
 */
final class AnthropicPassThrough {
  private static final byte[] USAGE = Bytes.ascii("\"usage\"");

  private AnthropicPassThrough() {}

  /** The client's body for the upstream, with {@code model} replaced if it must change. */
  static byte[] body(byte[] original, String model, String upstreamModel) {
    if (upstreamModel.equals(model)) {
      return original;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(original.length + 32);
    try (JsonParser in = Json.MAPPER.createParser(original);
        JsonGenerator gen = Json.MAPPER.createGenerator(out)) {
      in.nextToken();
      gen.writeStartObject();
      while (in.nextToken() == JsonToken.FIELD_NAME) {
        String field = in.currentName();
        in.nextToken();
        gen.writeFieldName(field);
        if (field.equals("model")) {
          gen.writeString(upstreamModel);
        } else {
          gen.copyCurrentStructure(in);
        }
      }
      gen.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // the body was read on arrival: cannot happen
    }
    return out.toByteArray();
  }

  static TranslatedResponse response(byte[] body) throws ProviderException {
    JsonScan.Result scan = JsonScan.topLevelField(body, USAGE);
    if (!scan.wholeObject()) {
      throw new ProviderException("malformed JSON in the provider's answer (" + scan.problem() + ")");
    }
    if (scan.valueStart() < 0) {
      return new TranslatedResponse(body, null);
    }
    try (JsonParser json = Json.MAPPER.createParser(body, scan.valueStart(), body.length - scan.valueStart())) {
      json.nextToken();
      JsonNode usage = json.readValueAsTree();
      return new TranslatedResponse(body, AnthropicUsage.read(usage).tokenUsage());
    } catch (IOException e) {
      throw new ProviderException("malformed JSON in the provider's usage");
    }
  }

  /** Relays Anthropic's events unchanged, reading usage and errors on the way. */
  static final class Stream implements StreamTranslator {
    private static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;
    private static final byte[] MESSAGE_STOP = Bytes.ascii("message_stop");
    private static final byte[] ERROR = Bytes.ascii("\"error\"");

    private final SseSplitter<ProviderException> splitter =
        new SseSplitter<>(MAX_EVENT_BYTES, ProviderException::new);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    private AnthropicUsage usage;
    private boolean done;

    @Override
    public byte[] feed(byte[] chunk) throws ProviderException {
      out.reset();
      splitter.feed(chunk, this::onEvent);
      return out.size() == 0 ? NOTHING : out.toByteArray();
    }

    private void onEvent(byte[] buffer, int from, int to) throws ProviderException {
      if (done) {
        return;
      }
      // Only the few events that carry usage, an error or the end are parsed; deltas pass as bytes.
      if (Bytes.indexOf(buffer, USAGE, from, to) >= 0 || Bytes.indexOf(buffer, ERROR, from, to) >= 0
          || Bytes.indexOf(buffer, MESSAGE_STOP, from, to) >= 0) {
        String data = SseSplitter.data(buffer, from, to);
        if (data != null) {
          StreamEvent event = StreamEvent.read(data);
          if (event.usage() != null) {
            usage = (usage == null ? AnthropicUsage.NONE : usage).with(event.usage());
          } else if (event.object() != null && event.object().has("usage")) {
            usage = (usage == null ? AnthropicUsage.NONE : usage).with(event.object().path("usage"));
          }
          if (event.type().equals("error")) {
            throw new ProviderException("the provider ended the stream with an error: "
                + event.object().path("message").asText(event.object().toString()));
          }
          done = event.type().equals("message_stop");
        }
      }
      out.write(buffer, from, to - from);
    }

    @Override
    public byte[] finish() throws ProviderException {
      if (!done) {
        throw new ProviderException("the provider's stream ended before message_stop");
      }
      return NOTHING;
    }

    @Override
    public TokenUsage usage() {
      return usage == null ? null : usage.tokenUsage();
    }
  }
}
