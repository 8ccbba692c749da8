package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes and the lines printed. */
class CliTest {
  @TempDir
  Path dir;

  record Run(int exitCode, String out, String err) {}

  static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      int code = Sluice.run(args);
      return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("sluice.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void validateAcceptsAGoodFile() throws IOException {
    Path file = write("""
        backends: [ { name: local, type: openai-compatible, url: "http://127.0.0.1:11434" } ]
        routes: [ { name: all, targets: [ { backend: local } ] } ]
        keys: [ { id: k, key: sk-plaintext-key-123, owner: me } ]
        admin: { token: a-long-enough-admin-token }
        """);

    Run run = run("validate", "--config", file.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("valid: 1 backends, 1 routes, 0 teams, 1 keys")
        .contains("warning: keys[0].key: plaintext key in config")
        .doesNotContain("sk-plaintext-key-123");
  }

  @Test
  void validatePrintsOneLinePerProblemAndExits1() throws IOException {
    Path file = write("""
        backends: [ { name: local, type: openai-compatible, url: "http://127.0.0.1:11434" } ]
        routes:
          - { name: a, targets: [ { backend: nowhere } ], retry: { maxAttempts: 0 } }
        """);

    Run run = run("validate", "--config", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out().lines()).contains(
        "routes[0].targets[0].backend: unknown backend 'nowhere'",
        "routes[0].retry.maxAttempts: 0 (expected: >= 1)");
  }

  @Test
  void serveWithABadConfigExits1WithoutListening() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path file = write("server: { port: " + port + " }\nroutes: [ { name: r, targets: [ { backend: x } ] } ]\n");

    Run run = run("serve", "--config", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("routes[0].targets[0].backend: unknown backend 'x'");
    try (ServerSocket free = new ServerSocket(port)) {
      assertThat(free.getLocalPort()).isEqualTo(port); // nothing was bound
    }
  }

  @Test
  void hashKeyPrintsTheDigestTheKeysSectionTakes() {
    Run run = run("hash-key", "test");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().strip())
        .isEqualTo("sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  }

  @Test
  void versionPrintsTheVersion() {
    Run run = run("version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("sluice ");
  }

  @Test
  void theConfigOptionAlsoTakesTheEqualsForm() throws IOException {
    Path file = write("""
        backends: [ { name: local, type: openai-compatible, url: "http://127.0.0.1:11434" } ]
        routes: [ { name: all, targets: [ { backend: local } ] } ]
        """);

    assertThat(run("validate", "--config=" + file).exitCode()).isZero();
  }

  @Test
  void badUsageExits2WithTheReasonAndTheUsage() {
    Run unknown = run("serv");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("sluice: unknown command 'serv'").contains("Usage: sluice <command>");

    Run missing = run("validate");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("validate needs --config FILE");

    Run stray = run("serve", "--port", "9000");
    assertThat(stray.exitCode()).isEqualTo(2);
    assertThat(stray.err()).contains("serve: unexpected argument '--port'");

    Run noKey = run("hash-key");
    assertThat(noKey.exitCode()).isEqualTo(2);
    assertThat(noKey.err()).contains("hash-key takes one argument");

    Run unknownWithHelp = run("serv", "--help");
    assertThat(unknownWithHelp.exitCode()).isEqualTo(2);
    assertThat(unknownWithHelp.err()).contains("sluice: unknown command 'serv'");

    Run nothing = run();
    assertThat(nothing.exitCode()).isEqualTo(2);
    assertThat(nothing.err()).contains("Usage: sluice <command>");
  }

  @Test
  void helpListsEveryCommandAndExits0() {
    for (String[] args : new String[][] {{"--help"}, {"-h"}, {"serve", "--help"}}) {
      Run help = run(args);
      assertThat(help.exitCode()).isZero();
      assertThat(help.out()).contains("serve [--config FILE]", "validate --config FILE", "hash-key KEY", "version");
    }
    assertThat(run("--version").out()).startsWith("sluice ");
  }
}
