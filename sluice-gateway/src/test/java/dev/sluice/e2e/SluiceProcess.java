package dev.sluice.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sluice serve} as a child process on the test classpath, for tests of what only a real
 * process shows: signals, {@code kill -9}, a bounded heap.
 */
public final class SluiceProcess {
  private SluiceProcess() {}

  /**
   * Starts {@code dev.sluice.Sluice serve --config config}, its output going to {@code output}.
   *
   * @param jvmOptions extra JVM options, e.g. {@code -Xmx256m}
   */
  public static Process start(Path config, Path output, String... jvmOptions) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.sluice.Sluice",
        "serve", "--config", config.toString()));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
  }

  /** A port nothing listens on now (closed again at once). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Waits until something accepts connections on {@code port}, at most 30 s. */
  public static void awaitListening(int port) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("sluice did not listen on " + port);
  }
}
