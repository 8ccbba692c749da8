package dev.sluice.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

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

  // Below Linux's ephemeral range (32768-60999 by default): a port handed to a child process must
  // stay free until the child binds it a second or two later, and meanwhile the kernel gives ports
  // of that range to every outgoing connection (the tests' clients, Redis, PostgreSQL).
  private static final int LOWEST_PORT = 20_000;
  private static final int HIGHEST_PORT = 32_000;
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  /**
   * A port nothing listens on now, below the ephemeral range, and never the same twice in this
   * JVM (two asked for one process must differ).
   */
  public static int freePort() throws IOException {
    for (int tries = 0; tries < 1000; tries++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST_PORT, HIGHEST_PORT);
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket(port)) {
        return port;
      } catch (IOException taken) {
        // in use: another
      }
    }
    throw new IOException("no free port between " + LOWEST_PORT + " and " + HIGHEST_PORT);
  }

  /**
   * Waits until something accepts connections on {@code port}, at most 30 s; fails at once if
   * {@code process} has exited, with the tail of its {@code output} either way: why a child did
   * not come up is in what it printed.
   */
  public static void awaitListening(int port, Process process, Path output)
      throws InterruptedException, IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    String printed = Files.exists(output) ? Files.readString(output) : "";
    throw new AssertionError("sluice did not listen on " + port
        + (process.isAlive() ? " within 30 s" : "; it exited with " + process.exitValue())
        + "; its output ends:\n" + printed.substring(Math.max(0, printed.length() - 4000)));
  }
}
