package dev.sluice.config;

/** A size in bytes, written in the config as {@code 512}, {@code 64KiB}, {@code 10MiB}, {@code 1GB}. */
public record ByteSize(long bytes) {
  public ByteSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("size: " + bytes + " (expected: >= 0)");
    }
  }

  public static ByteSize ofMebibytes(long mib) {
    return new ByteSize(mib * 1024 * 1024);
  }

  @Override
  public String toString() {
    return bytes + "B";
  }
}
