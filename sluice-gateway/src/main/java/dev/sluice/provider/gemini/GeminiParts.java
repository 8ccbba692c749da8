package dev.sluice.provider.gemini;

import static dev.sluice.provider.gemini.GeminiRequests.MAPPER;
import static dev.sluice.provider.gemini.GeminiRequests.unsupported;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.provider.UnsupportedFieldException;
import java.util.Locale;
import java.util.Map;

/**
 * OpenAI message content (a string, or an array of typed parts) to Gemini {@code parts}. Images,
 * audio and files given inline ({@code data:} URLs, base64) become {@code inlineData}; images
 * given by URL ({@code https://}, {@code gs://}) become {@code fileData}, which both the Gemini API
 * and Vertex AI fetch themselves. Sluice never fetches a URL: the request path does no I/O.
 */
final class GeminiParts {
  /** fileData needs a MIME type and an OpenAI image URL carries none: it is told by extension. */
  private static final Map<String, String> IMAGE_TYPES = Map.of(
      "png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg", "webp", "image/webp",
      "gif", "image/gif", "heic", "image/heic", "heif", "image/heif", "pdf", "application/pdf");

  private GeminiParts() {}

  /** A user message's content: text, image_url, input_audio and file parts. */
  static ArrayNode user(JsonNode content, String path) throws UnsupportedFieldException {
    ArrayNode parts = MAPPER.createArrayNode();
    if (content.isTextual()) {
      parts.addObject().put("text", content.asText());
      return parts;
    }
    if (!content.isArray()) {
      throw unsupported(path, content, "expected: a string or an array of content parts");
    }
    for (int i = 0; i < content.size(); i++) {
      JsonNode part = content.get(i);
      String partPath = path + "[" + i + "]";
      switch (part.path("type").asText()) {
        case "text" -> parts.addObject().put("text", part.path("text").asText());
        case "image_url" -> parts.add(image(part.path("image_url"), partPath + ".image_url"));
        case "input_audio" -> parts.add(audio(part.path("input_audio"), partPath + ".input_audio"));
        case "file" -> parts.add(file(part.path("file"), partPath + ".file"));
        default -> throw unsupported(partPath + ".type", part.path("type"),
            "expected: text, image_url, input_audio or file");
      }
    }
    return parts;
  }

  /** An assistant message's content: text and refusal parts, both said by the model. */
  static ArrayNode assistant(JsonNode content, String path) throws UnsupportedFieldException {
    ArrayNode parts = MAPPER.createArrayNode();
    if (content.isMissingNode() || content.isNull()) {
      return parts;
    }
    String text = joinedText(content, path, "refusal");
    if (!text.isEmpty()) {
      parts.addObject().put("text", text);
    }
    return parts;
  }

  /** A system or developer message: text only, one Gemini part per OpenAI part. */
  static ArrayNode textOnly(JsonNode content, String path) throws UnsupportedFieldException {
    ArrayNode parts = MAPPER.createArrayNode();
    if (content.isTextual()) {
      parts.addObject().put("text", content.asText());
      return parts;
    }
    if (!content.isArray()) {
      throw unsupported(path, content, "expected: a string or an array of text parts");
    }
    for (int i = 0; i < content.size(); i++) {
      JsonNode part = content.get(i);
      if (!part.path("type").asText().equals("text")) {
        throw unsupported(path + "[" + i + "].type", part.path("type"), "expected: text");
      }
      parts.addObject().put("text", part.path("text").asText());
    }
    return parts;
  }

  /** The text of a string or of an array of text parts (tool results), joined. */
  static String joinedText(JsonNode content, String path) throws UnsupportedFieldException {
    return joinedText(content, path, "text");
  }

  private static String joinedText(JsonNode content, String path, String otherTextType)
      throws UnsupportedFieldException {
    if (content.isTextual()) {
      return content.asText();
    }
    if (!content.isArray()) {
      throw unsupported(path, content, "expected: a string or an array of text parts");
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < content.size(); i++) {
      JsonNode part = content.get(i);
      String type = part.path("type").asText();
      if (type.equals("text")) {
        text.append(part.path("text").asText());
      } else if (type.equals(otherTextType)) {
        text.append(part.path(otherTextType).asText());
      } else {
        throw unsupported(path + "[" + i + "].type", part.path("type"), "expected: text");
      }
    }
    return text.toString();
  }

  private static ObjectNode image(JsonNode image, String path) throws UnsupportedFieldException {
    String detail = image.path("detail").asText("auto");
    if (!detail.equals("auto")) {
      // OpenAI bills and resizes by detail; Gemini has no per-image setting to match it.
      throw unsupported(path + ".detail", image.path("detail"), "Gemini has no per-image detail");
    }
    String url = image.path("url").asText();
    if (url.startsWith("data:")) {
      return dataUrl(url, path + ".url");
    }
    String lower = url.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("https://") && !lower.startsWith("http://") && !lower.startsWith("gs://")) {
      throw unsupported(path + ".url", image.path("url"), "expected: a data:, https:// or gs:// URL");
    }
    String mimeType = IMAGE_TYPES.get(extension(lower));
    if (mimeType == null) {
      throw unsupported(path + ".url", image.path("url"), "Gemini needs the image's type, and this"
          + " URL does not end in a known image extension; send the image as a data: URL");
    }
    ObjectNode fileData = MAPPER.createObjectNode();
    fileData.put("mimeType", mimeType);
    fileData.put("fileUri", url);
    ObjectNode part = MAPPER.createObjectNode();
    part.set("fileData", fileData);
    return part;
  }

  private static ObjectNode audio(JsonNode audio, String path) throws UnsupportedFieldException {
    String format = audio.path("format").asText();
    if (!format.equals("wav") && !format.equals("mp3")) {
      throw unsupported(path + ".format", audio.path("format"), "expected: wav or mp3");
    }
    return inline("audio/" + format, audio.path("data").asText());
  }

  private static ObjectNode file(JsonNode file, String path) throws UnsupportedFieldException {
    if (file.hasNonNull("file_id")) {
      throw unsupported(path + ".file_id", file.path("file_id"),
          "OpenAI file ids do not exist at Gemini; send the file as file_data");
    }
    String data = file.path("file_data").asText();
    if (data.startsWith("data:")) {
      return dataUrl(data, path + ".file_data");
    }
    String mimeType = IMAGE_TYPES.get(extension(file.path("filename").asText().toLowerCase(Locale.ROOT)));
    if (mimeType == null || data.isEmpty()) {
      throw unsupported(path + ".file_data", file.path("filename"),
          "expected: a data: URL, or base64 data with a filename that tells its type");
    }
    return inline(mimeType, data);
  }

  /** {@code data:<mime>;base64,<data>} to {@code inlineData}. */
  private static ObjectNode dataUrl(String url, String path) throws UnsupportedFieldException {
    int comma = url.indexOf(',');
    String header = comma < 0 ? "" : url.substring(5, comma);
    if (!header.endsWith(";base64") || header.length() == ";base64".length()) {
      throw new UnsupportedFieldException(path,
          path + ": a data: URL must be data:<type>;base64,<data>");
    }
    return inline(header.substring(0, header.length() - ";base64".length()), url.substring(comma + 1));
  }

  private static ObjectNode inline(String mimeType, String data) {
    ObjectNode inline = MAPPER.createObjectNode();
    inline.put("mimeType", mimeType);
    inline.put("data", data);
    ObjectNode part = MAPPER.createObjectNode();
    part.set("inlineData", inline);
    return part;
  }

  /** The extension of a URL's path (query and fragment ignored), or "". */
  private static String extension(String url) {
    int end = url.length();
    for (char c : new char[] {'?', '#'}) {
      int at = url.indexOf(c);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    String path = url.substring(0, end);
    int dot = path.lastIndexOf('.');
    return dot < 0 || dot < path.lastIndexOf('/') ? "" : path.substring(dot + 1);
  }
}
