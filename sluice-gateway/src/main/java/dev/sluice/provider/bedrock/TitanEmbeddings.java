package dev.sluice.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.provider.ProviderException;
import dev.sluice.provider.TokenUsage;
import dev.sluice.provider.TranslatedResponse;
import dev.sluice.provider.UnsupportedFieldException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Iterator;

/**
 * OpenAI embeddings through Amazon Titan Text Embeddings ({@code InvokeModel}): one text per
 * request, {@code {"inputText", "dimensions"}} in, {@code {"embedding", "inputTextTokenCount"}}
 * out. A batch of several inputs would be several Bedrock calls, so it is refused rather than
 * fanned out behind the client's back; token-array inputs are refused too, Titan reads text.
 *
 * <p>{@code encoding_format: base64} (the OpenAI Python SDK's default) is honoured by encoding
 * the floats as OpenAI does: little-endian float32, base64.
 *
 * @see <a href="https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html">Titan Text Embeddings</a>
 */
final class TitanEmbeddings {
  private TitanEmbeddings() {}

  static ObjectNode request(JsonNode body) throws UnsupportedFieldException {
    ObjectNode titan = Json.MAPPER.createObjectNode();
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      JsonNode value = body.get(field);
      if (value.isNull()) {
        continue;
      }
      switch (field) {
        case "model", "user" -> { } // the model is in the path; user is OpenAI's abuse-monitoring id
        case "input" -> titan.put("inputText", inputText(value));
        case "dimensions" -> {
          if (!value.isIntegralNumber()) {
            throw new UnsupportedFieldException(field, "dimensions: " + value + " (expected: an integer)");
          }
          titan.set("dimensions", value);
        }
        case "encoding_format" -> {
          if (!value.asText().equals("float") && !value.asText().equals("base64")) {
            throw new UnsupportedFieldException(field,
                "encoding_format: " + value + " (expected: float or base64)");
          }
        }
        default -> throw new UnsupportedFieldException(field,
            field + ": unknown field; not sent to Bedrock");
      }
    }
    return titan;
  }

  private static String inputText(JsonNode input) throws UnsupportedFieldException {
    if (input.isTextual()) {
      return input.asText();
    }
    if (input.isArray() && input.size() == 1 && input.get(0).isTextual()) {
      return input.get(0).asText();
    }
    if (input.isArray() && input.isEmpty()) {
      throw new UnsupportedFieldException("input", "input: [] (expected: one text)");
    }
    if (input.isArray() && input.size() > 1 && input.get(0).isTextual()) {
      throw new UnsupportedFieldException("input", "input: " + input.size()
          + " texts (Bedrock Titan embeds one text per request; send them one by one)");
    }
    throw new UnsupportedFieldException("input",
        "input: token arrays are not supported by Bedrock Titan, which reads text");
  }

  static TranslatedResponse response(byte[] body, JsonNode request, String model)
      throws ProviderException {
    JsonNode answer = Json.parse(body, "the provider's answer");
    JsonNode vector = answer.path("embedding");
    if (!vector.isArray()) {
      throw new ProviderException("the provider's answer has no embedding");
    }
    long tokens = Json.count(answer, "inputTextTokenCount");
    ObjectNode list = Json.MAPPER.createObjectNode();
    list.put("object", "list");
    ObjectNode item = list.putArray("data").addObject();
    item.put("object", "embedding");
    item.put("index", 0);
    if ("base64".equals(request.path("encoding_format").asText())) {
      item.put("embedding", base64(vector));
    } else {
      item.set("embedding", vector);
    }
    list.put("model", model);
    list.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
    return new TranslatedResponse(Json.bytes(list), TokenUsage.of(tokens, 0));
  }

  private static String base64(JsonNode vector) {
    ByteBuffer floats = ByteBuffer.allocate(vector.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (JsonNode value : vector) {
      floats.putFloat(value.floatValue());
    }
    return Base64.getEncoder().encodeToString(floats.array());
  }
}
