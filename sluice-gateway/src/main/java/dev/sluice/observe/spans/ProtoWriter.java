package dev.sluice.observe.spans;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable byte array written in protobuf's wire format: the handful of field encodings an
 * OTLP span needs (varints, little-endian fixed64/fixed32, length-delimited bytes). Not
 * thread-safe. A nested message whose length is not known up front is reserved with {@link
 * #beginMessage} and closed with {@link #endMessage}, which writes the length in front: room is
 * kept for a two-byte length, a span's (128 bytes to 16 KiB), and the body moves only when its
 * length needs another size.
 */
final class ProtoWriter {
  static final int VARINT = 0;
  static final int I64 = 1;
  static final int LEN = 2;
  static final int I32 = 5;
  private static final int RESERVED_LENGTH_BYTES = 2; // lengths of 128 to 16383 bytes
  private static final VarHandle LITTLE_ENDIAN_64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LITTLE_ENDIAN_32 =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle BIG_ENDIAN_64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private byte[] bytes;
  private int size;

  ProtoWriter(int capacity) {
    this(new byte[capacity]);
  }

  /** A writer that writes over {@code bytes} from its start (a recycled buffer). */
  ProtoWriter(byte[] bytes) {
    this.bytes = bytes;
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

  /** Leaves {@code length} bytes to be written later, in place. */
  void skip(int length) {
    ensure(length);
    size += length;
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
    LITTLE_ENDIAN_64.set(bytes, size, value);
    size += 8;
  }

  void fixed32(int value) {
    ensure(4);
    LITTLE_ENDIAN_32.set(bytes, size, value);
    size += 4;
  }

  /** Eight bytes, most significant first: how trace and span ids go on the wire. */
  void bigEndian64(long value) {
    ensure(8);
    BIG_ENDIAN_64.set(bytes, size, value);
    size += 8;
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
    ensure(RESERVED_LENGTH_BYTES);
    int at = size;
    size += RESERVED_LENGTH_BYTES;
    return at;
  }

  /**
   * Writes the length of the message begun at {@code at} in front of it, in as many bytes as
   * its varint needs: the body moves when that is not the two reserved.
   */
  void endMessage(int at) {
    int body = at + RESERVED_LENGTH_BYTES;
    int length = size - body;
    int lengthBytes = varintSize(length);
    if (lengthBytes != RESERVED_LENGTH_BYTES) {
      ensure(lengthBytes - RESERVED_LENGTH_BYTES);
      System.arraycopy(bytes, body, bytes, at + lengthBytes, length);
      size += lengthBytes - RESERVED_LENGTH_BYTES;
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
