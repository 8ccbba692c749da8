package dev.sluice.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
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

  @Test
  void findsTheEndOfAStringWhereverTheQuoteOrAnEscapeFallsInAWord() {
    // Every split of quotes and escapes across the eight-byte words, against a byte-by-byte loop.
    byte[] alphabet = {'a', '"', '\\', (byte) 0xc3, (byte) 0xa9, 0, (byte) 0x80, ' '};
    Random random = new Random(42);
    for (int n = 0; n < 20_000; n++) {
      byte[] json = new byte[1 + random.nextInt(40)];
      json[0] = '"';
      for (int i = 1; i < json.length; i++) {
        json[i] = random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) 'x';
      }
      assertThat(JsonScan.endOfString(json, 0)).as("%s", new String(json, StandardCharsets.ISO_8859_1))
          .isEqualTo(endOfStringByteByByte(json, 0));
    }
    assertThat(JsonScan.endOfString("\"0123456789\\\"abcdef\"".getBytes(StandardCharsets.US_ASCII), 0))
        .isEqualTo(19);
  }

  private static int endOfStringByteByByte(byte[] json, int i) {
    for (int j = i + 1; j < json.length; j++) {
      if (json[j] == '\\') {
        j++;
      } else if (json[j] == '"') {
        return j;
      }
    }
    return -1;
  }
}
