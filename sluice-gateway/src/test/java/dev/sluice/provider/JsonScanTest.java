package dev.sluice.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonScanTest {
  static final byte[] USAGE = "\"usage\"".getBytes(StandardCharsets.US_ASCII);

  static JsonScan.Result scan(String json) {
    return JsonScan.topLevelField(json.getBytes(StandardCharsets.UTF_8), USAGE);
  }

  static String valueAt(String json) {
    int at = scan(json).valueStart();
    return at < 0 ? null : json.substring(at, Math.min(json.length(), at + 3));
  }

  @Test
  void findsOnlyTheTopLevelField() {
    assertThat(valueAt("{\"a\":{\"usage\":1},\"usage\":{\"x\":2}}")).isEqualTo("{\"x");
    assertThat(valueAt("{\"a\":[{\"usage\":1}],\"b\":\"usage\"}")).isNull();
    assertThat(valueAt("{\"text\":\"\\\"usage\\\":\",\"usage\" : {}}")).isEqualTo("{}}");
    assertThat(valueAt("{\"a\":\"usage\",\"usage\":null}")).isEqualTo("nul");
  }

  @Test
  void acceptsWholeObjectsOnly() {
    assertThat(scan(" {\"a\": [1, {\"b\": \"}\"}]} \n").wholeObject()).isTrue();
    assertThat(scan("{\"id\": \"x\", \"choices\": [").problem()).isEqualTo("the JSON object is cut short");
    assertThat(scan("{\"id\": \"x").problem()).isEqualTo("unterminated string");
    assertThat(scan("<html>502</html>").problem()).isEqualTo("not a JSON object");
    assertThat(scan("").wholeObject()).isFalse();
    assertThat(scan("{} {}").problem()).isEqualTo("unexpected content after the JSON object");
    assertThat(scan("{]}").wholeObject()).isFalse();
  }
}
