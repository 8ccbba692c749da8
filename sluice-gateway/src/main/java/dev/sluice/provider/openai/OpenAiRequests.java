package dev.sluice.provider.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Rewrites an OpenAI request body for the upstream in one streaming pass: the model name
 * replaced, and {@code stream_options.include_usage} forced on so a stream reports its usage.
 * Every other field is copied token for token, in order; nothing is dropped.
 */
final class OpenAiRequests {
  private static final JsonFactory JSON = new JsonFactory();

  private OpenAiRequests() {}

  static byte[] rewrite(byte[] body, String model, boolean forceIncludeUsage) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
    try (JsonParser in = JSON.createParser(body);
        JsonGenerator gen = JSON.createGenerator(out)) {
      in.nextToken();
      gen.writeStartObject();
      boolean sawStreamOptions = false;
      while (in.nextToken() == JsonToken.FIELD_NAME) {
        String field = in.currentName();
        JsonToken value = in.nextToken();
        gen.writeFieldName(field);
        if (field.equals("model")) {
          gen.writeString(model);
        } else if (field.equals("stream_options") && forceIncludeUsage) {
          sawStreamOptions = true;
          copyStreamOptions(in, value, gen);
        } else {
          gen.copyCurrentStructure(in);
        }
      }
      if (forceIncludeUsage && !sawStreamOptions) {
        gen.writeObjectFieldStart("stream_options");
        gen.writeBooleanField("include_usage", true);
        gen.writeEndObject();
      }
      gen.writeEndObject();
    } catch (IOException e) {
      // The body was parsed and validated on arrival; failing here is a defect, not bad input.
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void copyStreamOptions(JsonParser in, JsonToken value, JsonGenerator gen)
      throws IOException {
    gen.writeStartObject();
    if (value == JsonToken.START_OBJECT) {
      while (in.nextToken() == JsonToken.FIELD_NAME) {
        String field = in.currentName();
        in.nextToken();
        if (field.equals("include_usage")) {
          in.skipChildren();
        } else {
          gen.writeFieldName(field);
          gen.copyCurrentStructure(in);
        }
      }
    }
    gen.writeBooleanField("include_usage", true);
    gen.writeEndObject();
  }
}
