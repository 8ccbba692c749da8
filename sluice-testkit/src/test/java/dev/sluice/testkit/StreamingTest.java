package dev.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamingTest {

    private static final String STREAM_REQUEST = "{\"model\":\"m\",\"stream\":true}";

    private static FakeProvider fake;

    @BeforeAll
    static void start() {
        fake = FakeProvider.start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void clean() {
        fake.reset();
    }

    /** A {@code data:} line as the client saw it, and when. */
    record Received(String data, long nanos) {}

    @Test
    void eventsArriveSeparatelyAfterTheirDelays() throws Exception {
        Duration gap = Duration.ofMillis(100);
        fake.enqueue(FakeResponse.sse(List.of(
                SseEvent.data("one"), SseEvent.data("two").withDelay(gap), SseEvent.data("three").withDelay(gap))));

        long sent = System.nanoTime();
        HttpResponse<InputStream> response = stream(STREAM_REQUEST);
        List<Received> events = new ArrayList<>();
        readData(response.body(), events);

        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
        assertThat(events).extracting(Received::data).containsExactly("one", "two", "three");
        // Measured from the request, not between arrivals: a busy client may take in the first
        // event late, which shortens the gap it sees to the second without the fake sending early.
        // The lower bounds allow a millisecond of timer granularity; the first event must not
        // wait for the second (it comes well inside the first gap).
        assertThat(events.get(0).nanos() - sent).isLessThan(95_000_000L);
        assertThat(events.get(1).nanos() - sent).isGreaterThanOrEqualTo(99_000_000L);
        assertThat(events.get(2).nanos() - sent).isGreaterThanOrEqualTo(198_000_000L);
    }

    @Test
    void chatStreamSendsOpenAiChunksInOrder() throws Exception {
        fake.enqueue(FakeResponse.chatStream("gpt-4o", List.of("Hel", "lo"), true, 12, 2));

        List<Received> events = new ArrayList<>();
        readData(stream(STREAM_REQUEST).body(), events);

        List<String> data = events.stream().map(Received::data).toList();
        assertThat(data).hasSize(6).last().isEqualTo("[DONE]");
        List<JsonNode> chunks = data.subList(0, 5).stream().map(Http::parse).toList();
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("id").asText()).isEqualTo(chunks.getFirst().path("id").asText());
        });
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(chunks.get(1).at("/choices/0/delta/content").asText()).isEqualTo("Hel");
        assertThat(chunks.get(2).at("/choices/0/delta/content").asText()).isEqualTo("lo");
        assertThat(chunks.get(3).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(chunks.get(3).path("usage").isNull()).isTrue();
        assertThat(chunks.get(4).path("choices")).isEmpty();
        assertThat(chunks.get(4).at("/usage/prompt_tokens").asInt()).isEqualTo(12);
        assertThat(chunks.get(4).at("/usage/total_tokens").asInt()).isEqualTo(14);
    }

    @Test
    void defaultAnswerStreamsWhenTheRequestAsksForIt() throws Exception {
        List<Received> events = new ArrayList<>();
        readData(stream("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}").body(),
                events);

        assertThat(events.getLast().data()).isEqualTo("[DONE]");
        JsonNode usageChunk = Http.parse(events.get(events.size() - 2).data());
        assertThat(usageChunk.at("/usage/completion_tokens").asInt()).isEqualTo(DefaultAnswers.COMPLETION_TOKENS);
        assertThat(usageChunk.path("model").asText()).isEqualTo("m");
    }

    @Test
    void resetAfterDeliversTheEventsThenResetsTheConnection() throws Exception {
        // The gap before the reset lets the JDK client hand over the events before it sees the error.
        fake.enqueue(FakeResponse.chatStream("m", List.of("a", "b", "c"), false, 1, 3)
                .withEventDelay(Duration.ofMillis(50))
                .resetAfter(2));

        HttpResponse<InputStream> response = stream(STREAM_REQUEST);
        List<Received> events = new ArrayList<>();

        assertThatThrownBy(() -> readData(response.body(), events))
                .isInstanceOf(IOException.class)
                .rootCause().isInstanceOf(SocketException.class).hasMessage("Connection reset");
        assertThat(events).hasSize(2);
    }

    @Test
    void truncatedSseStopsTheBodyWithoutDone() throws Exception {
        fake.enqueue(FakeResponse.truncatedSse(List.of(SseEvent.data("{\"a\":1}"), SseEvent.data("{\"a\":2}"))));

        HttpResponse<InputStream> response = stream(STREAM_REQUEST);
        List<Received> events = new ArrayList<>();

        // A FIN mid-body: the client sees the chunked body end early, not a reset.
        assertThatThrownBy(() -> readData(response.body(), events))
                .isInstanceOf(IOException.class)
                .rootCause().hasMessageNotContaining("reset");
        assertThat(events).extracting(Received::data).containsExactly("{\"a\":1}", "{\"a\":2}");
    }

    @Test
    void namedAndMultiLineEventsUseSseFraming() throws Exception {
        fake.enqueue(FakeResponse.sse(List.of(SseEvent.named("message_stop", "{}"), SseEvent.data("one\ntwo"))));

        String body = Http.send(Http.post(fake, "/v1/messages", "{}")).body();

        assertThat(body).isEqualTo("event: message_stop\ndata: {}\n\ndata: one\ndata: two\n\n");
    }

    private static HttpResponse<InputStream> stream(String body) throws IOException, InterruptedException {
        return Http.CLIENT.send(Http.post(fake, "/v1/chat/completions", body).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Collects data lines as they arrive, so a test can see what came before a failure. */
    private static void readData(InputStream in, List<Received> into) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("data: ")) {
                    into.add(new Received(line.substring("data: ".length()), System.nanoTime()));
                }
            }
        }
    }
}
