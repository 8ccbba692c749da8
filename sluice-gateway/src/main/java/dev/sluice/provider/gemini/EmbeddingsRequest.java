package dev.sluice.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.ClientRequest;
import dev.sluice.provider.UnsupportedFieldException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An OpenAI embeddings request, read for a Google backend: the texts, the requested
 * {@code dimensions} (Google's {@code outputDimensionality}; null for the model's own), and
 * whether the client wants vectors as base64. Token-array inputs are refused: Google models take
 * text and know nothing of OpenAI's token ids.
 */
public record EmbeddingsRequest(List<String> inputs, Integer dimensions, boolean base64) {

  public static EmbeddingsRequest parse(ClientRequest request) throws UnsupportedFieldException {
    JsonNode root = GeminiRequests.readTree(request.body());
    List<String> inputs = new ArrayList<>();
    Integer dimensions = null;
    boolean base64 = false;
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      JsonNode value = field.getValue();
      if (value.isNull()) {
        continue;
      }
      switch (field.getKey()) {
        case "model" -> { }
        // A label for OpenAI's abuse monitoring: no effect on the vectors.
        case "user" -> { }
        case "input" -> readInput(value, inputs);
        case "dimensions" -> {
          if (!value.canConvertToInt() || value.asInt() < 1) {
            throw GeminiRequests.unsupported("dimensions", value, "expected: an integer > 0");
          }
          dimensions = value.asInt();
        }
        case "encoding_format" -> {
          switch (value.asText()) {
            case "float" -> base64 = false;
            case "base64" -> base64 = true;
            default -> throw GeminiRequests.unsupported("encoding_format", value,
                "expected: float or base64");
          }
        }
        default -> throw new UnsupportedFieldException(field.getKey(),
            field.getKey() + " is not supported by Google embeddings backends");
      }
    }
    return new EmbeddingsRequest(List.copyOf(inputs), dimensions, base64);
  }

  private static void readInput(JsonNode input, List<String> inputs) throws UnsupportedFieldException {
    if (input.isTextual()) {
      inputs.add(input.asText());
      return;
    }
    for (JsonNode item : input) {
      if (!item.isTextual()) {
        throw GeminiRequests.unsupported("input", item,
            "Google embeddings take text; token arrays cannot be sent");
      }
      inputs.add(item.asText());
    }
  }
}
