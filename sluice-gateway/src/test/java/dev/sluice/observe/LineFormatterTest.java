package dev.sluice.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.budget.Price;
import dev.sluice.provider.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written access-log line: the same bytes Jackson's generator wrote for any text a
 * client can put in a field (a model name, an agent header, a request id) — but for characters
 * beyond U+FFFF, which it escaped as surrogate pairs and the line holds as UTF-8 — and one JSON
 * object a line that a log shipper can parse.
 */
class LineFormatterTest {
  static final ObjectMapper JSON = new ObjectMapper();
  // Jackson escaped a character beyond U+FFFF as two escaped surrogates; the line has its UTF-8.
  static final Pattern SURROGATE_ESCAPE = Pattern.compile("\\\\uD[89AB]");
  static final long T0 = 1_764_417_600_123L; // 2025-11-29T12:00:00.123Z
  static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  static AccessRecord record(String model, String agent, String requestId, long millis,
      TokenUsage usage, BigDecimal cost, long latencyNanos, long ttftNanos, int attempts) {
    return new AccessRecord(millis, requestId, "alice-laptop", "alice", "research", "search", agent,
        "chat", model, "openai", "gpt-4o-mini-2024-07-18", 200, attempts == 0 ? "no_route" : null,
        ttftNanos >= 0, attempts, usage, cost, latencyNanos, ttftNanos, 1_100_000, "gpt");
  }

  static String line(AccessRecord r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new LineFormatter(out).write(r);
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * The line as Jackson writes the same fields (the library the formatter replaced): strings
   * escaped by Jackson, numbers as the SPEC gives them (durations as milliseconds with three
   * decimals, unknown counts and durations null).
   */
  static String jacksonLine(AccessRecord r) throws Exception {
    TokenUsage usage = r.usage();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("ts", TS.format(Instant.ofEpochMilli(r.startEpochMillis())));
    fields.put("request_id", r.requestId());
    fields.put("key_id", r.keyId());
    fields.put("owner", r.owner());
    fields.put("team", r.team());
    fields.put("project", r.project());
    fields.put("agent", r.agent());
    fields.put("endpoint", r.endpoint());
    fields.put("model", r.model());
    fields.put("backend", r.backend());
    fields.put("upstream_model", r.upstreamModel());
    fields.put("status", r.status());
    fields.put("error_code", r.errorCode());
    fields.put("stream", r.stream());
    fields.put("attempts", r.attempts());
    fields.put("input_tokens", usage == null ? null : usage.inputTokens());
    fields.put("output_tokens", usage == null ? null : usage.outputTokens());
    fields.put("cached_input_tokens", usage == null ? null : usage.cachedInputTokens());
    fields.put("cost_usd", r.costUsd());
    fields.put("latency_ms", millis(r.latencyNanos()));
    fields.put("ttft_ms", millis(r.ttftNanos()));
    fields.put("upstream_latency_ms", millis(r.attempts() == 0 ? -1 : r.upstreamNanos()));
    fields.put("route", r.route());
    return JSON.writeValueAsString(fields) + "\n";
  }

  static BigDecimal millis(long nanos) {
    return nanos < 0 ? null : BigDecimal.valueOf((nanos + 500) / 1_000, 3);
  }

  @Test
  void writesEveryFieldInTheSpecsOrder() {
    AccessRecord r = record("gpt-4o-mini", "planner", "req-1", T0, new TokenUsage(812, 41, 0, 0, 0),
        Price.usd(123_450), 1_234_567, -1, 1);

    assertThat(line(r)).isEqualTo("{\"ts\":\"2025-11-29T12:00:00.123Z\",\"request_id\":\"req-1\","
        + "\"key_id\":\"alice-laptop\",\"owner\":\"alice\",\"team\":\"research\",\"project\":\"search\","
        + "\"agent\":\"planner\",\"endpoint\":\"chat\",\"model\":\"gpt-4o-mini\",\"backend\":\"openai\","
        + "\"upstream_model\":\"gpt-4o-mini-2024-07-18\",\"status\":200,\"error_code\":null,"
        + "\"stream\":false,\"attempts\":1,\"input_tokens\":812,\"output_tokens\":41,"
        + "\"cached_input_tokens\":0,\"cost_usd\":0.00012345,\"latency_ms\":1.235,\"ttft_ms\":null,"
        + "\"upstream_latency_ms\":1.100,\"route\":\"gpt\"}\n");
  }

  @Test
  void writesWhatJacksonWroteForAnyTextAndNumbers() throws Exception {
    Random random = new Random(7);
    // One formatter for every line, as the writer thread has: values repeat from line to line
    // (a few names drawn again and again, some equal but not the same instance), and change.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LineFormatter formatter = new LineFormatter(out);
    formatter.write(record("m".repeat(5_000), null, "r", T0, null, null, -1, -1, 0)); // grows
    String[] names = new String[6];
    for (int i = 0; i < names.length; i++) {
      names[i] = text(random);
    }
    for (int n = 0; n < 5_000; n++) {
      AccessRecord r = record(name(random, names), random.nextBoolean() ? null : name(random, names),
          text(random), T0 + random.nextLong(-86_400_000L * 400, 86_400_000L * 400),
          random.nextBoolean() ? null : new TokenUsage(random.nextInt(1 << 20),
              random.nextInt(1 << 16), random.nextInt(100), 0, 0),
          random.nextBoolean() ? null : Price.usd(random.nextLong(0, 1L << 40) >> random.nextInt(40)),
          random.nextLong(0, 10_000_000_000L), random.nextBoolean() ? -1 : random.nextLong(0, 1L << 33),
          random.nextInt(4));
      out.reset();
      formatter.write(r);
      String written = out.toString(StandardCharsets.UTF_8);
      String expected = jacksonLine(r);
      JsonNode parsed = JSON.readTree(written);
      assertThat(parsed).isEqualTo(JSON.readTree(expected));
      assertThat(parsed.get("model").asText()).isEqualTo(r.model());
      if (!SURROGATE_ESCAPE.matcher(expected).find()) {
        assertThat(written).isEqualTo(expected);
      }
    }
  }

  /** One of the names most of the time (a copy of it now and then), else a new text. */
  static String name(Random random, String[] names) {
    int pick = random.nextInt(10);
    if (pick < 6) {
      return names[random.nextInt(names.length)];
    }
    return pick < 8 ? new String(names[random.nextInt(names.length)]) : text(random);
  }

  @Test
  void aLoneSurrogateBecomesAReplacementCharacterInsteadOfLosingTheLine() throws Exception {
    // A model name from a request body's "\ud800" escape: no UTF-8 form; Jackson failed the line.
    AccessRecord r = record("gpt\ud800-x\udc00", null, "req-2", T0, null, null, 1_000, -1, 1);

    JsonNode parsed = JSON.readTree(line(r));
    assertThat(parsed.get("model").asText()).isEqualTo("gpt\ufffd-x\ufffd");
    assertThat(parsed.get("request_id").asText()).isEqualTo("req-2");
  }

  /** Up to 12 chars from a mix of ASCII, JSON's special characters, and 2-, 3- and 4-byte UTF-8. */
  static String text(Random random) {
    String[] pieces = {"a", "Z", "-", "\"", "\\", "/", "\n", "\t", "\r", "\b", "\f", "\u0000", "\u001f",
        "\u007f", "é", "ß", "\u0800", "€", "\u2028", "日本", "\ud83d\ude00", "\uffff", " "};
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(13); i > 0; i--) {
      s.append(pieces[random.nextInt(pieces.length)]);
    }
    return s.toString();
  }
}
