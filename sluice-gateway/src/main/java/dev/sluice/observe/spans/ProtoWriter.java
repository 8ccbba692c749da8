package dev.sluice.observe.spans;

import java.util.Arrays;

/**
 * A growable byte array written in protobuf's wire format: the handful of field encodings an
 * OTLP span needs (varints, little-endian fixed64/fixed32, length-delimited bytes). Not
 * thread-safe. A nested message whose length is not known up front is reserved with {@link
 * #beginMessage} and closed with {@link #endMessage}, which writes the length in front and moves
 * the body back over the bytes the length did not need.
 */
final class ProtoWriter {
  static final int VARINT = 0;
  static final int I64 = 1;
  static final int LEN = 2;
  static final int I32 = 5;
  private static final int MAX_LENGTH_BYTES = 5; // a varint of up to 2^35 - 1

  private byte[] bytes;
  private int size;

  ProtoWriter(int capacity) {
    bytes = new byte[capacity];
  }

  int size() {
    return size;
  }

  byte[] array() {
    return bytes;
  }

  void reset() {
    size = 0;
  }

  /** The bytes written so far, copied. */
  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  void tag(int field, int wireType) {
    varint((field << 3) | wireType);
  }

  void varint(long value) {
    if ((value & ~0x7FL) == 0) { // tags, small lengths and counts: most varints of a span
      ensure(1);
      bytes[size++] = (byte) value;
      return;
    }
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    bytes[size++] = (byte) value;
  }

  void fixed64(long value) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      bytes[size++] = (byte) value;
      value >>>= 8;
    }
  }

  void fixed32(int value) {
    ensure(4);
    for (int i = 0; i < 4; i++) {
      bytes[size++] = (byte) value;
      value >>>= 8;
    }
  }

  /** Eight bytes, most significant first: how trace and span ids go on the wire. */
  void bigEndian64(long value) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      bytes[size++] = (byte) (value >>> shift);
    }
  }

  void raw(byte[] data) {
    raw(data, 0, data.length);
  }

  void raw(byte[] data, int offset, int length) {
    ensure(length);
    System.arraycopy(data, offset, bytes, size, length);
    size += length;
  }

  /** A length-delimited field: tag, length, the bytes. */
  void bytesField(int field, byte[] data) {
    tag(field, LEN);
    varint(data.length);
    raw(data);
  }

  /** Reserves room for a nested message's length; returns where, for {@link #endMessage}. */
  int beginMessage() {
    ensure(MAX_LENGTH_BYTES);
    int at = size;
    size += MAX_LENGTH_BYTES;
    return at;
  }

  /** Writes the length of the message begun at {@code at} in front of it. */
  void endMessage(int at) {
    int length = size - at - MAX_LENGTH_BYTES;
    int lengthBytes = varintSize(length);
    if (lengthBytes < MAX_LENGTH_BYTES) {
      System.arraycopy(bytes, at + MAX_LENGTH_BYTES, bytes, at + lengthBytes, length);
      size -= MAX_LENGTH_BYTES - lengthBytes;
    }
    int end = size;
    size = at;
    varint(length);
    size = end;
  }

  static int varintSize(long value) {
    return value == 0 ? 1 : (63 - Long.numberOfLeadingZeros(value)) / 7 + 1;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
