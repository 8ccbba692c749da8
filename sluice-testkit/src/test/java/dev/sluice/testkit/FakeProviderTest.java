package dev.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeProviderTest {

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

    @Test
    void listensOnLoopbackWithARandomPort() {
        assertThat(fake.port()).isPositive();
        assertThat(fake.baseUrl()).isEqualTo("http://127.0.0.1:" + fake.port());
    }

    @Test
    void answersScriptedResponsesInOrderThenTheDefault() throws Exception {
        fake.enqueue(
                FakeResponse.error(429, "rate_limit_error", "slow down").withHeader("Retry-After", "1"),
                FakeResponse.chatCompletion("gpt-4o", "scripted", 3, 2));

        HttpResponse<String> first = Http.chat(fake, "gpt-4o");
        HttpResponse<String> second = Http.chat(fake, "gpt-4o");
        HttpResponse<String> third = Http.chat(fake, "gpt-4o");

        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("retry-after")).hasValue("1");
        assertThat(Http.parse(first.body()).at("/error/message").asText()).isEqualTo("slow down");
        assertThat(Http.parse(second.body()).at("/choices/0/message/content").asText()).isEqualTo("scripted");
        assertThat(Http.parse(third.body()).at("/choices/0/message/content").asText())
                .isEqualTo(DefaultAnswers.CONTENT);
    }

    @Test
    void defaultAnswerEchoesTheModelWithUsage() throws Exception {
        HttpResponse<String> response = Http.chat(fake, "claude-or-whatever");

        JsonNode body = Http.parse(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("model").asText()).isEqualTo("claude-or-whatever");
        assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(DefaultAnswers.PROMPT_TOKENS);
        assertThat(body.at("/usage/total_tokens").asInt())
                .isEqualTo(DefaultAnswers.PROMPT_TOKENS + DefaultAnswers.COMPLETION_TOKENS);
    }

    @Test
    void defaultEmbeddingsAnswerHasOneVectorPerInput() throws Exception {
        HttpResponse<String> response = Http.send(Http.post(fake, "/v1/embeddings",
                "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"]}"));

        JsonNode body = Http.parse(response.body());
        assertThat(body.path("data")).hasSize(2);
        assertThat(body.at("/data/1/embedding")).hasSize(DefaultAnswers.EMBEDDING_DIMS);
        assertThat(body.path("model").asText()).isEqualTo("text-embedding-3-small");
    }

    @Test
    void respondWithAnswersByLookingAtTheRequest() throws Exception {
        fake.respondWith(request -> request.model().equals("down")
                ? FakeResponse.error(503, "server_error", "overloaded")
                : DefaultAnswers.forRequest(request));

        assertThat(Http.chat(fake, "down").statusCode()).isEqualTo(503);
        assertThat(Http.chat(fake, "up").statusCode()).isEqualTo(200);
    }

    @Test
    void failingResponderBecomesA500NamingTheFailure() throws Exception {
        fake.respondWith(request -> {
            throw new IllegalStateException("boom");
        });

        HttpResponse<String> response = Http.chat(fake, "m");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("boom");
    }

    @Test
    void recordsMethodPathHeadersBodyAndArrival() throws Exception {
        long before = System.nanoTime();
        Http.send(Http.post(fake, "/v1/chat/completions?trace=1", "{\"model\":\"m\"}")
                .header("Authorization", "Bearer sk-upstream")
                .header("X-Multi", "a").header("X-Multi", "b"));
        Http.send(Http.post(fake, "/v1/chat/completions", "not json"));

        List<RecordedRequest> requests = fake.awaitRequests(2, Duration.ofSeconds(1));
        RecordedRequest first = requests.getFirst();
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.path()).isEqualTo("/v1/chat/completions?trace=1");
        assertThat(first.header("authorization")).isEqualTo("Bearer sk-upstream");
        assertThat(first.headers("x-multi")).containsExactly("a", "b");
        assertThat(first.header("absent")).isNull();
        assertThat(first.model()).isEqualTo("m");
        assertThat(first.arrivalNanos()).isGreaterThan(before).isLessThan(requests.get(1).arrivalNanos());
        assertThat(requests.get(1).body()).isEqualTo("not json");
        assertThat(requests.get(1).json()).isNull();
        assertThat(fake.requestCount()).isEqualTo(2);
    }

    @Test
    void awaitRequestsFailsWithTheCountReceived() {
        assertThatThrownBy(() -> fake.awaitRequests(1, Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("received 0");
    }

    @Test
    void resetClearsQueueRecordingsAndFallback() throws Exception {
        fake.setDefault(FakeResponse.error(500, "server_error", "always"));
        fake.enqueue(FakeResponse.error(400, "invalid_request_error", "queued"));
        Http.chat(fake, "m");

        fake.reset();

        assertThat(fake.requests()).isEmpty();
        assertThat(Http.chat(fake, "m").statusCode()).isEqualTo(200);
    }

    @Test
    void scriptedHeadersReplaceDefaults() throws Exception {
        fake.enqueue(FakeResponse.json(502, "<html>Bad Gateway</html>").withHeader("Content-Type", "text/html"));

        HttpResponse<String> response = Http.chat(fake, "m");

        assertThat(response.headers().allValues("content-type")).containsExactly("text/html");
    }

    @Test
    void malformedJsonIsSentAsJsonButDoesNotParse() throws Exception {
        fake.enqueue(FakeResponse.malformedJson(200));

        HttpResponse<String> response = Http.chat(fake, "m");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThatThrownBy(() -> Http.JSON.readTree(response.body())).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void delayHoldsBackTheStatusLine() throws Exception {
        fake.setDefault(FakeResponse.chatCompletion("m", "late", 1, 1).withDelay(Duration.ofMillis(150)));

        assertThatThrownBy(() -> Http.send(Http.post(fake, "/v1/chat/completions", "{}")
                .timeout(Duration.ofMillis(50)))).isInstanceOf(HttpTimeoutException.class);
        long start = System.nanoTime();
        HttpResponse<String> late = Http.chat(fake, "m");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(late.statusCode()).isEqualTo(200);
    }

    @Test
    void stallRecordsTheRequestAndNeverAnswers() {
        fake.enqueue(FakeResponse.stall());

        assertThatThrownBy(() -> Http.send(Http.post(fake, "/v1/chat/completions", "{}")
                .timeout(Duration.ofMillis(100)))).isInstanceOf(HttpTimeoutException.class);
        assertThat(fake.requestCount()).isEqualTo(1);
    }

    @Test
    void closeImmediatelyEndsTheConnectionWithoutAResponse() {
        fake.enqueue(FakeResponse.closeImmediately());

        assertThatThrownBy(() -> Http.chat(fake, "m"))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);
        assertThat(fake.requestCount()).isEqualTo(1);
    }
}
