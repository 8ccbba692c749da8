package dev.sluice.provider.gemini;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.provider.ProviderException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Gemini API's {@code models/{model}:batchEmbedContents}: one {@code EmbedContentRequest}
 * per input text, answered by {@code embeddings[].values} in the same order. The Gemini API
 * reports no token counts for embeddings ({@code -1}; the provider then estimates them).
 */
final class GeminiEmbeddings {
  private static final JsonFactory JSON = new JsonFactory();

  private GeminiEmbeddings() {}

  static byte[] body(EmbeddingsRequest request, String model) {
    ObjectNode body = GeminiRequests.MAPPER.createObjectNode();
    ArrayNode requests = body.putArray("requests");
    for (String input : request.inputs()) {
      ObjectNode one = requests.addObject();
      // Each request names the model again: the API requires it to match the path's.
      one.put("model", "models/" + GenerateContentProvider.bareModel(model));
      one.putObject("content").putArray("parts").addObject().put("text", input);
      if (request.dimensions() != null) {
        one.put("outputDimensionality", request.dimensions());
      }
    }
    return GeminiRequests.write(body);
  }

  static Embeddings read(byte[] body) throws ProviderException {
    List<double[]> vectors = new ArrayList<>();
    try (JsonParser json = JSON.createParser(body)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not an object");
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        if (field.equals("embeddings") && value == JsonToken.START_ARRAY) {
          while (json.nextToken() == JsonToken.START_OBJECT) {
            vectors.add(values(json));
          }
        } else {
          json.skipChildren();
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new ProviderException("malformed JSON in the provider's embeddings");
    }
    return new Embeddings(vectors, -1);
  }

  /** The {@code values} of one {@code ContentEmbedding}. */
  private static double[] values(JsonParser json) throws IOException {
    double[] values = null;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      json.nextToken();
      if (field.equals("values")) {
        values = Embeddings.readValues(json);
      } else {
        json.skipChildren();
      }
    }
    if (values == null) {
      throw new IOException("an embedding without values");
    }
    return values;
  }
}
