package dev.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeResponseTest {

    @Test
    void chatCompletionHasOpenAiShape() {
        JsonNode body = Http.parse(FakeResponse.chatCompletion("gpt-4o", "hi \"there\"", 5, 2).body());

        assertThat(body.path("id").asText()).startsWith("chatcmpl-");
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("created").asLong()).isPositive();
        assertThat(body.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("hi \"there\"");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(2);
        assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(7);
    }

    @Test
    void toolCallReturnsToolCallsWithItsFinishReason() {
        JsonNode body = Http.parse(FakeResponse.toolCall("gpt-4o", "get_weather", "{\"city\":\"Oslo\"}", 9, 4).body());

        JsonNode call = body.at("/choices/0/message/tool_calls/0");
        assertThat(body.at("/choices/0/message/content").isNull()).isTrue();
        assertThat(call.path("type").asText()).isEqualTo("function");
        assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(call.at("/function/arguments").asText()).isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void embeddingsHaveTheRequestedDimensionsAndUsage() {
        JsonNode body = Http.parse(FakeResponse.embeddings("text-embedding-3-small", 4, 6).body());

        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(body.at("/data/0/embedding")).hasSize(4);
        assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(6);
        assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(6);
    }

    @Test
    void errorHasOpenAiErrorShape() {
        FakeResponse error = FakeResponse.error(429, "rate_limit_error", "slow down");
        JsonNode body = Http.parse(error.body());

        assertThat(error.status()).isEqualTo(429);
        assertThat(body.at("/error/type").asText()).isEqualTo("rate_limit_error");
        assertThat(body.at("/error/message").asText()).isEqualTo("slow down");
        assertThat(body.at("/error/param").isNull()).isTrue();
        assertThat(body.at("/error/code").isNull()).isTrue();
    }

    @Test
    void withersReturnCopies() {
        FakeResponse base = FakeResponse.chatStream("m", List.of("a"), false, 1, 1);
        FakeResponse slow = base.withEventDelay(Duration.ofMillis(20)).withHeader("X-Id", "1");

        assertThat(base.headers()).isEmpty();
        assertThat(base.events()).allSatisfy(event -> assertThat(event.delay()).isZero());
        assertThat(slow.events()).allSatisfy(event -> assertThat(event.delay()).hasMillis(20));
        assertThat(slow.headers()).hasSize(1);
    }

    @Test
    void streamFaultsAreRejectedOnJsonAndOutOfRange() {
        assertThatThrownBy(() -> FakeResponse.json(200, "{}").resetAfter(0))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> FakeResponse.sse(List.of(SseEvent.done())).resetAfter(2))
                .hasMessage("events: 2 (expected: 0-1)");
        assertThatThrownBy(() -> FakeResponse.json(99, "{}")).hasMessage("status: 99 (expected: 100-599)");
    }
}
