package dev.sluice.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A body collected chunk by chunk, with and without a declared length, and over its limit. */
class BoundedBodyTest {
  static final byte[] BODY = "0123456789".repeat(10_000).getBytes(StandardCharsets.US_ASCII);

  @Test
  void aDeclaredLengthIsFilledInPlaceAndHandedOverWithoutACopy() {
    BoundedBody body = new BoundedBody(1_000_000, BODY.length);
    addInChunks(body, BODY, 8_192);

    assertWholeWithoutACopy(body, BODY);
  }

  @Test
  void aLargeDeclaredLengthIsNotAllocatedBeforeTheBytesArriveYetEndsWithoutACopy() {
    byte[] large = Arrays.copyOf(BODY, 3 * BoundedBody.EAGER + 1234);
    BoundedBody body = new BoundedBody(10_000_000, large.length);
    assertThat(body.capacity()).isEqualTo(BoundedBody.EAGER); // a claim, not yet bytes
    addInChunks(body, large, 16_384);

    assertWholeWithoutACopy(body, large);
  }

  /** The body is {@code expected}, and asking twice gives the same array: nothing was copied. */
  private static void assertWholeWithoutACopy(BoundedBody body, byte[] expected) {
    byte[] bytes = body.bytes();
    assertThat(bytes).isEqualTo(expected);
    assertThat(body.bytes()).isSameAs(bytes);
  }

  @Test
  void withoutADeclaredLengthTheBodyGrowsAsItComes() {
    BoundedBody body = new BoundedBody(1_000_000, -1);
    addInChunks(body, BODY, 3_000);

    assertThat(body.bytes()).isEqualTo(BODY);
  }

  @Test
  void aBodyShorterThanDeclaredIsWhatArrived() {
    BoundedBody body = new BoundedBody(1_000_000, BODY.length + 500);
    addInChunks(body, BODY, 8_192);

    assertThat(body.bytes()).isEqualTo(BODY);
  }

  @Test
  void aBodyLongerThanDeclaredIsKeptWhole() {
    BoundedBody body = new BoundedBody(1_000_000, 100); // a decompressed answer, say
    addInChunks(body, BODY, 8_192);

    assertThat(body.bytes()).isEqualTo(BODY);
  }

  @Test
  void theChunkThatCrossesTheLimitIsRefusedOnceAndTheRestIgnored() {
    BoundedBody body = new BoundedBody(BODY.length - 1, -1);

    assertThat(body.add(Buffer.buffer(Arrays.copyOf(BODY, BODY.length - 1)))).isTrue();
    assertThat(body.add(Buffer.buffer(new byte[] {'x'}))).isFalse();
    assertThat(body.refused()).isTrue();
    assertThat(body.add(Buffer.buffer(new byte[] {'y'}))).isTrue(); // already answered
    assertThat(body.bytes()).isEmpty(); // what arrived before the limit is dropped, not kept
  }

  @Test
  void anEmptyBodyIsEmpty() {
    assertThat(new BoundedBody(100, -1).bytes()).isEmpty();
    assertThat(new BoundedBody(100, 0).bytes()).isEmpty();
  }

  static void addInChunks(BoundedBody body, byte[] bytes, int chunk) {
    for (int at = 0; at < bytes.length; at += chunk) {
      assertThat(body.add(Buffer.buffer(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + chunk)))))
          .isTrue();
    }
  }
}
