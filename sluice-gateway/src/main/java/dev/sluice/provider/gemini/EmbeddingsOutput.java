package dev.sluice.provider.gemini;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

/**
 * OpenAI's embeddings list: one {@code embedding} per input, as numbers, or with
 * {@code encoding_format: base64} as the base64 of little-endian float32s (what OpenAI sends and
 * its SDKs decode).
 */
final class EmbeddingsOutput {
  private static final JsonFactory JSON = new JsonFactory();

  private EmbeddingsOutput() {}

  static byte[] write(String model, List<double[]> vectors, boolean base64, long inputTokens) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("object", "list");
      json.writeArrayFieldStart("data");
      for (int i = 0; i < vectors.size(); i++) {
        json.writeStartObject();
        json.writeStringField("object", "embedding");
        json.writeNumberField("index", i);
        if (base64) {
          json.writeStringField("embedding", base64(vectors.get(i)));
        } else {
          json.writeFieldName("embedding");
          json.writeArray(vectors.get(i), 0, vectors.get(i).length);
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeStringField("model", model);
      json.writeObjectFieldStart("usage");
      json.writeNumberField("prompt_tokens", inputTokens);
      json.writeNumberField("total_tokens", inputTokens);
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return out.toByteArray();
  }

  private static String base64(double[] vector) {
    ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (double value : vector) {
      bytes.putFloat((float) value);
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }
}
