package dev.sluice.provider.vertex;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.provider.ProviderException;
import dev.sluice.provider.gemini.Embeddings;
import dev.sluice.provider.gemini.EmbeddingsRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Vertex AI's text embeddings, {@code publishers/google/models/{model}:predict}: one
 * {@code instances[].content} per input text, answered by
 * {@code predictions[].embeddings.values} with each input's {@code statistics.token_count}.
 * {@code autoTruncate} is turned off: Vertex would otherwise cut long inputs silently, where
 * OpenAI refuses them, and a client could not tell its vector covers only part of its text.
 */
final class VertexEmbeddings {
  private static final JsonFactory JSON = new JsonFactory();

  private VertexEmbeddings() {}

  static byte[] body(EmbeddingsRequest request) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("instances");
      for (String input : request.inputs()) {
        json.writeStartObject();
        json.writeStringField("content", input);
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeObjectFieldStart("parameters");
      json.writeBooleanField("autoTruncate", false);
      if (request.dimensions() != null) {
        json.writeNumberField("outputDimensionality", request.dimensions());
      }
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return out.toByteArray();
  }

  static Embeddings read(byte[] body) throws ProviderException {
    List<double[]> vectors = new ArrayList<>();
    long[] tokens = {-1};
    try (JsonParser json = JSON.createParser(body)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not an object");
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        if (field.equals("predictions") && value == JsonToken.START_ARRAY) {
          while (json.nextToken() == JsonToken.START_OBJECT) {
            vectors.add(prediction(json, tokens));
          }
        } else {
          json.skipChildren();
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new ProviderException("malformed JSON in the provider's embeddings");
    }
    return new Embeddings(vectors, tokens[0]);
  }

  /** One prediction's vector; its token count is added to {@code tokens[0]}. */
  private static double[] prediction(JsonParser json, long[] tokens) throws IOException {
    double[] values = null;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      json.nextToken();
      if (!field.equals("embeddings")) {
        json.skipChildren();
        continue;
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String inner = json.currentName();
        json.nextToken();
        if (inner.equals("values")) {
          values = Embeddings.readValues(json);
        } else if (inner.equals("statistics")) {
          long count = tokenCount(json);
          if (count >= 0) {
            tokens[0] = Math.max(tokens[0], 0) + count;
          }
        } else {
          json.skipChildren();
        }
      }
    }
    if (values == null) {
      throw new IOException("a prediction without values");
    }
    return values;
  }

  /** {@code statistics.token_count} (the predict wire's spelling; tokenCount accepted), or -1. */
  private static long tokenCount(JsonParser json) throws IOException {
    if (json.currentToken() != JsonToken.START_OBJECT) {
      json.skipChildren();
      return -1;
    }
    long count = -1;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = json.nextToken();
      if ((field.equals("token_count") || field.equals("tokenCount")) && value.isNumeric()) {
        count = json.getValueAsLong();
      } else {
        json.skipChildren();
      }
    }
    return count;
  }
}
