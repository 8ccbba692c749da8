package dev.sluice.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testkit.EventStreamFrames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.eventstream.HeaderValue;

/**
 * Generates the golden cases' binary {@code upstream-response.eventstream} files from their
 * readable source, {@code upstream-response.eventstream.jsonl}: one frame per line,
 * {@code {"headers": {":event-type": ..., ...}, "payload": {...}}}, the payload written compactly
 * as Bedrock writes it. Run {@code main} after editing a source (from {@code sluice-gateway/});
 * {@link BedrockGoldenTest} checks that no binary file drifted from its source.
 */
final class GoldenEventStreams {
  static final String SOURCE = "upstream-response.eventstream.jsonl";
  static final String BINARY = "upstream-response.eventstream";
  private static final ObjectMapper JSON = new ObjectMapper();

  private GoldenEventStreams() {}

  public static void main(String[] args) throws IOException {
    try (Stream<Path> cases = Files.list(Path.of("src/test/resources/golden/bedrock"))) {
      for (Path dir : cases.filter(dir -> Files.exists(dir.resolve(SOURCE))).toList()) {
        Files.write(dir.resolve(BINARY), encode(Files.readAllLines(dir.resolve(SOURCE))));
      }
    }
  }

  static byte[] encode(List<String> lines) throws IOException {
    List<byte[]> frames = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode frame = JSON.readTree(line);
      Map<String, HeaderValue> headers = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = frame.path("headers").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> header = it.next();
        headers.put(header.getKey(), HeaderValue.fromString(header.getValue().asText()));
      }
      frames.add(EventStreamFrames.encode(headers, JSON.writeValueAsString(frame.path("payload"))));
    }
    return EventStreamFrames.concat(frames);
  }
}
