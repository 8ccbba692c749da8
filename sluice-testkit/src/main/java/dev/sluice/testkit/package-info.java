/**
 * Fake model providers for the gateway's integration tests.
 *
 * <p>A {@link dev.sluice.testkit.FakeProvider} is a real HTTP server speaking OpenAI's wire
 * format. Point the gateway's backend at {@code fake.baseUrl()}, script answers with
 * {@link dev.sluice.testkit.FakeResponse}s, then assert on the
 * {@link dev.sluice.testkit.RecordedRequest}s:
 *
 * <pre>{@code
 * try (FakeProvider fake = FakeProvider.start()) {
 *     fake.enqueue(
 *             FakeResponse.error(503, "server_error", "overloaded").withHeader("Retry-After", "1"),
 *             FakeResponse.chatCompletion("gpt-4o-mini", "hi", 12, 3));
 *     // ... call the gateway ...
 *     List<RecordedRequest> attempts = fake.awaitRequests(2, Duration.ofSeconds(2));
 * }
 * }</pre>
 *
 * <p>Faults on the wire: {@code resetAfter(n)} writes n SSE events then resets the TCP
 * connection (RST); {@code truncatedSse} writes its events then closes (FIN) without ending the
 * chunked body; {@code closeImmediately} closes (FIN) before any status line; {@code stall}
 * never answers; {@code malformedJson} sends a cut-off JSON body; {@code withDelay} holds back
 * the status line.
 *
 * <p>{@link dev.sluice.testkit.OtlpReceiver} is an OpenTelemetry collector for tests: a real
 * OTLP/HTTP endpoint that decodes the protobuf exports into {@link dev.sluice.testkit.ReceivedSpan}s
 * and metrics.
 */
package dev.sluice.testkit;
