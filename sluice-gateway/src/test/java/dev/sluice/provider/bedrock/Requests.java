package dev.sluice.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.ClientRequest;
import dev.sluice.api.Endpoint;
import dev.sluice.api.RequestParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Client requests for the unit tests, parsed as the gateway parses them. */
final class Requests {
  private Requests() {}

  /** A chat request; single quotes in {@code json} stand for double quotes, for readability. */
  static ClientRequest chat(String json) {
    return parse(Endpoint.CHAT, json);
  }

  static ClientRequest embeddings(String json) {
    return parse(Endpoint.EMBEDDINGS, json);
  }

  /** A chat request of one user message plus the given top-level fields (JSON, no braces). */
  static ClientRequest chatWith(String fields) {
    return chat("{'model':'anthropic.claude-3-haiku-20240307-v1:0',"
        + "'messages':[{'role':'user','content':'Hi'}]" + (fields.isEmpty() ? "" : "," + fields) + "}");
  }

  static JsonNode json(byte[] body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ClientRequest parse(Endpoint endpoint, String json) {
    try {
      return RequestParser.parse(endpoint, json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    } catch (RequestParser.InvalidRequestException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
