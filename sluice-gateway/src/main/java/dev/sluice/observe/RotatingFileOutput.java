package dev.sluice.observe;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The access log's file sink with size-based rotation, as logrotate's {@code size}/{@code rotate}
 * and Envoy's access-log files work: once {@code PATH} reaches {@code maxBytes}, at a record
 * boundary, {@code PATH.1} becomes {@code PATH.2} (and so on), {@code PATH} becomes
 * {@code PATH.1}, the oldest beyond {@code maxFiles} is deleted, and a new {@code PATH} starts.
 * Used by the access log's writer thread only: not thread-safe.
 */
public final class RotatingFileOutput extends OutputStream {
  private static final int BUFFER = 64 * 1024;

  private final Path path;
  private final long maxBytes;
  private final int maxFiles;
  private OutputStream out;
  private long size;

  private RotatingFileOutput(Path path, long maxBytes, int maxFiles) throws IOException {
    this.path = path;
    this.maxBytes = maxBytes;
    this.maxFiles = maxFiles;
    openAppending();
  }

  /** Opens {@code path} for appending (creating its folder), rotating at {@code maxBytes}. */
  public static RotatingFileOutput open(Path path, long maxBytes, int maxFiles) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return new RotatingFileOutput(path, maxBytes, maxFiles);
  }

  private void openAppending() throws IOException {
    size = Files.exists(path) ? Files.size(path) : 0;
    out = new BufferedOutputStream(new FileOutputStream(path.toFile(), true), BUFFER);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    size++;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    out.write(bytes, offset, length);
    size += length;
  }

  /** A whole record has been written: rotates if the file is full. */
  void recordEnded() throws IOException {
    if (size < maxBytes) {
      return;
    }
    out.close();
    Files.deleteIfExists(numbered(maxFiles));
    for (int i = maxFiles - 1; i >= 1; i--) {
      Path older = numbered(i);
      if (Files.exists(older)) {
        Files.move(older, numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(path, numbered(1), StandardCopyOption.REPLACE_EXISTING);
    openAppending();
  }

  private Path numbered(int n) {
    return path.resolveSibling(path.getFileName() + "." + n);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
