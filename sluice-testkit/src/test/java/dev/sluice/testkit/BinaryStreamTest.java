package dev.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.eventstream.Message;
import software.amazon.eventstream.MessageDecoder;

class BinaryStreamTest {

    private static FakeProvider fake;

    @BeforeAll
    static void start() {
        fake = FakeProvider.start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @Test
    void binaryStreamSendsItsBytesUnchangedWithItsContentType() throws Exception {
        byte[] first = {0, 1, 2, (byte) 0xFF};
        byte[] second = {(byte) 0x80, 10, 13, 10};
        fake.enqueue(FakeResponse.binary(200, "application/octet-stream", List.of(first, second))
                .withHeader("x-amzn-RequestId", "req-1"));

        HttpResponse<byte[]> response = Http.CLIENT.send(
                Http.post(fake, "/model/m/converse-stream", "{}").build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/octet-stream");
        assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
        assertThat(response.headers().firstValue("x-amzn-requestid")).hasValue("req-1");
        assertThat(response.body()).containsExactly(0, 1, 2, 0xFF, 0x80, 10, 13, 10);
    }

    @Test
    void eventStreamFramesDecodeWithTheAwsLibrary() throws Exception {
        fake.enqueue(FakeResponse.binary(200, EventStreamFrames.CONTENT_TYPE, List.of(
                EventStreamFrames.event("contentBlockDelta", "{\"delta\":{\"text\":\"Hé\"}}"),
                EventStreamFrames.exception("throttlingException", "Too \"many\" requests"))));

        HttpResponse<InputStream> response = Http.CLIENT.send(
                Http.post(fake, "/model/m/converse-stream", "{}").build(), HttpResponse.BodyHandlers.ofInputStream());
        List<Message> messages = new ArrayList<>();
        MessageDecoder decoder = new MessageDecoder(messages::add);
        try (InputStream body = response.body()) {
            decoder.feed(ByteBuffer.wrap(body.readAllBytes()));
        }

        assertThat(response.headers().firstValue("content-type")).hasValue(EventStreamFrames.CONTENT_TYPE);
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).getHeaders().get(":event-type").getString()).isEqualTo("contentBlockDelta");
        assertThat(messages.get(0).getHeaders().get(":message-type").getString()).isEqualTo("event");
        assertThat(new String(messages.get(0).getPayload(), StandardCharsets.UTF_8))
                .isEqualTo("{\"delta\":{\"text\":\"Hé\"}}");
        assertThat(messages.get(1).getHeaders().get(":message-type").getString()).isEqualTo("exception");
        assertThat(messages.get(1).getHeaders().get(":exception-type").getString()).isEqualTo("throttlingException");
        assertThat(Http.parse(new String(messages.get(1).getPayload(), StandardCharsets.UTF_8))
                .path("message").asText()).isEqualTo("Too \"many\" requests");
    }
}
