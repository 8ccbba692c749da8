package dev.sluice.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The effective configuration for {@code GET /admin/config}: every default filled in, values in
 * the notation the file uses ({@code 2s}, {@code 10MiB}, {@code 50%}), and every secret replaced
 * by {@code <redacted>} — provider keys, AWS secrets, the admin token, plaintext client keys,
 * store URLs that carry credentials, and the values of the OTLP export headers (which carry a
 * collector's credentials under any name: {@code Authorization}, {@code x-api-key}, ...).
 */
public final class RedactedConfig {
  static final String REDACTED = "<redacted>";
  private static final Set<String> SECRETS =
      Set.of("apiKey", "secretAccessKey", "sessionToken", "token", "key");
  private static final Set<String> URLS_WITH_CREDENTIALS = Set.of("redis", "postgres");
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .registerModule(new SimpleModule()
          .addSerializer(Duration.class, writer(ValueFormats::format))
          .addSerializer(ByteSize.class, writer(size -> size.bytes() + "B"))
          .addSerializer(Percent.class, writer(ValueFormats::format)))
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private RedactedConfig() {}

  public static JsonNode of(SluiceConfig config) {
    JsonNode tree = JSON.valueToTree(config);
    redact(tree);
    if (tree.at("/observability/otlp/headers") instanceof ObjectNode headers) {
      headers.fields().forEachRemaining(header -> header.setValue(headers.textNode(REDACTED)));
    }
    return tree;
  }

  private static void redact(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode value = field.getValue();
        boolean secret = SECRETS.contains(field.getKey()) && value.isTextual() && !value.asText().isEmpty();
        boolean urlWithCredentials = URLS_WITH_CREDENTIALS.contains(field.getKey()) && value.isTextual()
            && (value.asText().contains("@") || value.asText().toLowerCase(java.util.Locale.ROOT).contains("password"));
        if (secret || urlWithCredentials) {
          field.setValue(object.textNode(REDACTED));
        } else {
          redact(value);
        }
      }
    } else if (node.isArray()) {
      node.forEach(RedactedConfig::redact);
    }
  }

  private static <T> JsonSerializer<T> writer(java.util.function.Function<T, String> format) {
    return new JsonSerializer<>() {
      @Override
      public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeString(format.apply(value));
      }
    };
  }
}
