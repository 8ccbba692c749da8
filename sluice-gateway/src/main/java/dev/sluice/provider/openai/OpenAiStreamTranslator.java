package dev.sluice.provider.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.provider.Bytes;
import dev.sluice.provider.ProviderException;
import dev.sluice.sse.SseSplitter;
import dev.sluice.provider.StreamTranslator;
import dev.sluice.provider.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Relays an OpenAI {@code chat.completion.chunk} stream event by event, unchanged, while reading
 * the usage. Only events that mention {@code "usage"} are parsed; the rest pass as bytes. When
 * Sluice itself asked for usage (the client did not), the usage-only chunk is kept from the
 * client, who did not ask for it. A stream that ends without {@code [DONE]} was cut short.
 */
final class OpenAiStreamTranslator implements StreamTranslator {
  /** Far above any real chunk; bounds what a misbehaving provider can make us hold. */
  private static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;
  private static final byte[] DONE = Bytes.ascii("[DONE]");
  private static final byte[] USAGE = Bytes.ascii("\"usage\"");
  private static final JsonFactory JSON = new JsonFactory();

  private final boolean hideUsageChunk;
  private final SseSplitter<ProviderException> splitter =
      new SseSplitter<>(MAX_EVENT_BYTES, ProviderException::new);
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
  private TokenUsage usage;
  private boolean done;
  private boolean dropped; // an event of the current chunk was kept from the client

  OpenAiStreamTranslator(boolean hideUsageChunk) {
    this.hideUsageChunk = hideUsageChunk;
  }

  @Override
  public byte[] feed(byte[] chunk) throws ProviderException {
    if (done) {
      return NOTHING; // nothing is valid after [DONE]
    }
    boolean alignedStart = !splitter.hasPending();
    out.reset();
    dropped = false;
    splitter.feed(chunk, this::onEvent);
    // The common case: the chunk held whole events and every one passes. Relay it as it came.
    if (alignedStart && !dropped && !splitter.hasPending() && out.size() == chunk.length) {
      return chunk;
    }
    return out.size() == 0 ? NOTHING : out.toByteArray();
  }

  private void onEvent(byte[] buffer, int from, int to) throws ProviderException {
    if (done) {
      dropped = true;
      return;
    }
    if (Bytes.indexOf(buffer, DONE, from, to) >= 0 && "[DONE]".equals(SseSplitter.data(buffer, from, to))) {
      done = true;
      out.write(buffer, from, to - from);
      return;
    }
    int at = Bytes.indexOf(buffer, USAGE, from, to);
    // Most providers send "usage":null on every chunk: only an object is worth parsing.
    if (at >= 0 && objectFollows(buffer, at + USAGE.length, to) && readUsage(buffer, from, to)
        && hideUsageChunk) {
      dropped = true;
      return;
    }
    out.write(buffer, from, to - from);
  }

  /** True when {@code : {} follows (with optional spaces), i.e. the field's value is an object. */
  private static boolean objectFollows(byte[] buffer, int i, int to) {
    while (i < to && (buffer[i] == ' ' || buffer[i] == ':')) {
      i++;
    }
    return i < to && buffer[i] == '{';
  }

  /** Reads {@code usage} from the event; true if this chunk carries usage and no choices. */
  private boolean readUsage(byte[] buffer, int from, int to) throws ProviderException {
    String data = SseSplitter.data(buffer, from, to);
    if (data == null) {
      return false;
    }
    try (JsonParser json = JSON.createParser(data)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      TokenUsage found = null;
      boolean hasChoices = false;
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        if (field.equals("usage")) {
          found = OpenAiUsage.read(json);
        } else if (field.equals("choices") && value == JsonToken.START_ARRAY) {
          hasChoices = json.nextToken() != JsonToken.END_ARRAY;
          if (hasChoices) {
            json.skipChildren();
            skipRestOfArray(json);
          }
        } else {
          json.skipChildren();
        }
      }
      if (found != null) {
        usage = found;
      }
      return found != null && !hasChoices;
    } catch (IOException e) {
      throw new ProviderException("malformed JSON in a stream event from the provider");
    }
  }

  private static void skipRestOfArray(JsonParser json) throws IOException {
    while (json.nextToken() != JsonToken.END_ARRAY) {
      json.skipChildren();
    }
  }

  @Override
  public byte[] finish() throws ProviderException {
    if (!done) {
      throw new ProviderException("the provider's stream ended before [DONE]");
    }
    return NOTHING;
  }

  @Override
  public TokenUsage usage() {
    return usage;
  }
}
