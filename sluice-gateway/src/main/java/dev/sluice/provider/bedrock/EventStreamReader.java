package dev.sluice.provider.bedrock;

import dev.sluice.provider.ProviderException;
import java.nio.ByteBuffer;
import software.amazon.eventstream.Message;

/**
 * Cuts an AWS event stream ({@code application/vnd.amazon.eventstream}) into messages, wherever
 * the network split it, and has each one decoded by the {@code eventstream} library's
 * {@link Message#decode}: the prelude and message CRC-32 checks, the typed headers and the
 * payload are the library's work, not ours.
 *
 * <p>Only the frame's first field, its total length (a big-endian uint32, so we know where it
 * ends), is read here. The library's own {@code MessageDecoder} would do this too, but it
 * allocates a 2 MiB buffer per instance, that is per stream: measured at ~80 us to allocate and
 * zero, and 2 GiB of heap for a thousand concurrent streams. This holds only the frame in
 * progress, sized to the frame (Bedrock's are ~100-300 bytes), bounded by {@code maxFrameBytes}.
 */
final class EventStreamReader {
  /** Total length (4), headers length (4), prelude CRC (4), message CRC (4). */
  private static final int MIN_FRAME_BYTES = 16;

  /** Receives each decoded message. */
  @FunctionalInterface
  interface MessageHandler {
    void onMessage(Message message) throws ProviderException;
  }

  private final int maxFrameBytes;
  private final byte[] length = new byte[4];
  private int lengthFilled;
  private byte[] frame; // null until the frame's length is known
  private int frameFilled;

  EventStreamReader(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  /** True when bytes of an unfinished frame are held. */
  boolean hasPending() {
    return lengthFilled > 0;
  }

  /** Feeds bytes; {@code handler} receives each message they complete, in order. */
  void feed(byte[] chunk, MessageHandler handler) throws ProviderException {
    int at = 0;
    while (at < chunk.length) {
      if (frame == null) {
        int n = Math.min(4 - lengthFilled, chunk.length - at);
        System.arraycopy(chunk, at, length, lengthFilled, n);
        lengthFilled += n;
        at += n;
        if (lengthFilled < 4) {
          return;
        }
        frame = new byte[frameLength()];
        System.arraycopy(length, 0, frame, 0, 4);
        frameFilled = 4;
      }
      int n = Math.min(frame.length - frameFilled, chunk.length - at);
      System.arraycopy(chunk, at, frame, frameFilled, n);
      frameFilled += n;
      at += n;
      if (frameFilled == frame.length) {
        Message message = decode(frame);
        frame = null;
        lengthFilled = 0;
        handler.onMessage(message);
      }
    }
  }

  private int frameLength() throws ProviderException {
    long total = ((length[0] & 0xFFL) << 24) | ((length[1] & 0xFFL) << 16)
        | ((length[2] & 0xFFL) << 8) | (length[3] & 0xFFL);
    if (total < MIN_FRAME_BYTES || total > maxFrameBytes) {
      throw new ProviderException("malformed event-stream frame from the provider (length "
          + total + ", expected: " + MIN_FRAME_BYTES + "-" + maxFrameBytes + ")");
    }
    return (int) total;
  }

  private static Message decode(byte[] frame) throws ProviderException {
    try {
      return Message.decode(ByteBuffer.wrap(frame));
    } catch (RuntimeException e) {
      // CRC mismatches are IllegalArgumentExceptions; inconsistent lengths surface as buffer
      // or arithmetic exceptions. Each means the same to us: the stream cannot be trusted.
      throw new ProviderException("malformed event-stream frame from the provider ("
          + e.getMessage() + ")");
    }
  }
}
