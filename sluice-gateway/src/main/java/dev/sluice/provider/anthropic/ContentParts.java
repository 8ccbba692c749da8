package dev.sluice.provider.anthropic;

import static dev.sluice.provider.anthropic.Fields.refuse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.provider.UnsupportedFieldException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A message's {@code content} (a string, or an array of parts) to Anthropic content blocks.
 * Empty text is left out: Anthropic refuses empty text blocks, and they carry nothing.
 */
final class ContentParts {
  /** The image types Anthropic's vision accepts. */
  private static final Set<String> IMAGE_TYPES =
      Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

  private ContentParts() {}

  /** Content that may hold text only (system, assistant and tool messages). */
  static List<ObjectNode> text(JsonNode content, String path) throws UnsupportedFieldException {
    return blocks(content, path, false);
  }

  /** A user message's content: text and images. */
  static List<ObjectNode> user(JsonNode content, String path) throws UnsupportedFieldException {
    return blocks(content, path, true);
  }

  private static List<ObjectNode> blocks(JsonNode content, String path, boolean images)
      throws UnsupportedFieldException {
    if (content == null || content.isNull()) {
      return List.of();
    }
    if (content.isTextual()) {
      return content.asText().isEmpty() ? List.of() : List.of(textBlock(content.asText()));
    }
    if (!content.isArray()) {
      throw refuse(path, "expected a string or an array of content parts");
    }
    List<ObjectNode> blocks = new ArrayList<>(content.size());
    for (int i = 0; i < content.size(); i++) {
      String at = path + "[" + i + "]";
      JsonNode part = Fields.object(content.get(i), at);
      String type = part.path("type").asText("");
      if (type.equals("text")) {
        Fields.only(part, at, Set.of("type", "text"));
        String text = Fields.string(part.get("text"), at + ".text");
        if (!text.isEmpty()) {
          blocks.add(textBlock(text));
        }
      } else if (type.equals("image_url") && images) {
        blocks.add(image(part, at));
      } else {
        // input_audio, file, refusal: Anthropic has no counterpart in this position.
        throw refuse(at + ".type", "\"" + type + "\" (expected: " + (images ? "text or image_url" : "text") + ")");
      }
    }
    return blocks;
  }

  private static ObjectNode textBlock(String text) {
    return Json.MAPPER.createObjectNode().put("type", "text").put("text", text);
  }

  /**
   * A data URL becomes a base64 source, an http(s) URL a url source (Anthropic fetches it).
   * OpenAI's {@code detail: low} promises a cheap low-resolution read; Anthropic has no such
   * mode and bills every image by its size, so it is refused rather than silently costing more.
   */
  private static ObjectNode image(JsonNode part, String path) throws UnsupportedFieldException {
    Fields.only(part, path, Set.of("type", "image_url"));
    JsonNode image = Fields.object(part.get("image_url"), path + ".image_url");
    Fields.only(image, path + ".image_url", Set.of("url", "detail"));
    String detail = image.path("detail").asText("auto");
    if (!detail.equals("auto") && !detail.equals("high")) {
      throw refuse(path + ".image_url.detail", "\"" + detail + "\" (expected: auto or high; "
          + "Anthropic has no low-detail mode)");
    }
    String url = Fields.string(image.get("url"), path + ".image_url.url");
    ObjectNode block = Json.MAPPER.createObjectNode().put("type", "image");
    ObjectNode source = block.putObject("source");
    if (url.startsWith("data:")) {
      int comma = url.indexOf(',');
      String header = comma < 0 ? "" : url.substring(5, comma);
      if (!header.endsWith(";base64")) {
        throw refuse(path + ".image_url.url", "a data URL must be base64-encoded (data:<type>;base64,...)");
      }
      String mediaType = header.substring(0, header.length() - ";base64".length()).toLowerCase(Locale.ROOT);
      if (!IMAGE_TYPES.contains(mediaType)) {
        throw refuse(path + ".image_url.url", "image type \"" + mediaType
            + "\" (expected: image/jpeg, image/png, image/gif or image/webp)");
      }
      source.put("type", "base64").put("media_type", mediaType).put("data", url.substring(comma + 1));
    } else if (url.startsWith("https://") || url.startsWith("http://")) {
      source.put("type", "url").put("url", url);
    } else {
      throw refuse(path + ".image_url.url", "expected an http(s) URL or a base64 data URL");
    }
    return block;
  }
}
