package dev.sluice.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.provider.UnsupportedFieldException;

/**
 * OpenAI message content (a string, or an array of parts) as Converse content blocks.
 *
 * <ul>
 *   <li>{@code text} and {@code refusal} parts become {@code text} blocks; a part marked
 *       {@code cache_control: {type: ephemeral}} (the Anthropic-style cache mark that
 *       OpenAI-format clients use for Claude) is followed by a {@code cachePoint} block, so the
 *       prompt cache it asks for, and its price, are kept;
 *   <li>{@code image_url} parts become {@code image} blocks. Converse takes image bytes only,
 *       so only {@code data:} URLs can be sent; an http(s) URL would have to be fetched, which
 *       a gateway must not do on the client's behalf.
 * </ul>
 *
 * @see <a href="https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ImageBlock.html">ImageBlock</a>
 * @see <a href="https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_CachePointBlock.html">CachePointBlock</a>
 */
final class ContentParts {
  private ContentParts() {}

  /** Content that may hold text only (system, assistant and tool messages). */
  static void text(JsonNode content, String at, ArrayNode blocks) throws UnsupportedFieldException {
    parts(content, at, blocks, false);
  }

  /** A user message's content: text and images. */
  static void user(JsonNode content, String at, ArrayNode blocks) throws UnsupportedFieldException {
    parts(content, at, blocks, true);
  }

  private static void parts(JsonNode content, String at, ArrayNode blocks, boolean images)
      throws UnsupportedFieldException {
    if (content.isTextual()) {
      blocks.addObject().put("text", content.asText());
      return;
    }
    if (!content.isArray()) {
      throw new UnsupportedFieldException(at + ".content",
          at + ".content: " + content + " (expected: a string or an array of parts)");
    }
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = content.get(j);
      String where = at + ".content[" + j + "]";
      String type = part.path("type").asText("");
      switch (type) {
        case "text" -> blocks.addObject().put("text", part.path("text").asText());
        case "refusal" -> blocks.addObject().put("text", part.path("refusal").asText());
        case "image_url" -> {
          if (!images) {
            throw new UnsupportedFieldException(where, where + ": images are for user messages");
          }
          blocks.addObject().set("image", image(part.path("image_url"), where + ".image_url"));
        }
        default -> throw new UnsupportedFieldException(where + ".type",
            where + ".type: '" + type + "' (Bedrock Converse takes text and image parts)");
      }
      cachePoint(part, where, blocks);
    }
  }

  private static void cachePoint(JsonNode part, String where, ArrayNode blocks)
      throws UnsupportedFieldException {
    JsonNode mark = part.get("cache_control");
    if (mark == null || mark.isNull()) {
      return;
    }
    if (!"ephemeral".equals(mark.path("type").asText())) {
      throw new UnsupportedFieldException(where + ".cache_control",
          where + ".cache_control: " + mark + " (expected: {\"type\": \"ephemeral\"})");
    }
    blocks.addObject().putObject("cachePoint").put("type", "default");
  }

  private static ObjectNode image(JsonNode imageUrl, String at) throws UnsupportedFieldException {
    String url = imageUrl.isTextual() ? imageUrl.asText() : imageUrl.path("url").asText("");
    // "low" asks OpenAI for a cheap, downscaled look; Bedrock always reads the image whole, so
    // it would cost more than asked. "auto" and "high" are what Bedrock does anyway.
    if ("low".equals(imageUrl.path("detail").asText())) {
      throw new UnsupportedFieldException(at + ".detail",
          at + ".detail: 'low' (Bedrock Converse has no low-detail mode)");
    }
    int comma = url.indexOf(',');
    String header = comma < 0 ? "" : url.substring(0, comma);
    if (!url.startsWith("data:") || !header.endsWith(";base64")) {
      throw new UnsupportedFieldException(at, at + ": only base64 data: URLs can be sent to "
          + "Bedrock Converse, which takes image bytes, not links");
    }
    String mediaType = header.substring("data:".length(), header.length() - ";base64".length());
    String format = switch (mediaType) {
      case "image/png" -> "png";
      case "image/jpeg", "image/jpg" -> "jpeg";
      case "image/gif" -> "gif";
      case "image/webp" -> "webp";
      default -> throw new UnsupportedFieldException(at, at + ": media type '" + mediaType
          + "' (Bedrock Converse takes png, jpeg, gif and webp)");
    };
    ObjectNode image = Json.MAPPER.createObjectNode();
    image.put("format", format);
    // Converse's JSON carries the bytes base64-encoded too: the data is passed on as it came.
    image.putObject("source").put("bytes", url.substring(comma + 1));
    return image;
  }
}
