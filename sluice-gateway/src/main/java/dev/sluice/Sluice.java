package dev.sluice;

import dev.sluice.authenticate.KeyHash;
import dev.sluice.budget.PriceTable;
import dev.sluice.budget.PricingWarnings;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.ConfigResult;
import dev.sluice.config.SluiceConfig;
import dev.sluice.server.Gateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The command line (SPEC §1): serve, validate, hash-key, version.
 *
 * <p>Parsed by hand: four commands with at most one argument each. picocli did the same from
 * annotations, and building its model (reflection, an annotation proxy per option, a class-file
 * spin for each) took ~150 ms of the main thread's CPU at every start, the largest single piece of
 * start-up after the JIT (docs/benchmarks.md, "Start-up").
 */
public final class Sluice {
  /** Exit codes: 0 done, 1 the command failed (bad config, could not start), 2 bad usage. */
  static final int OK = 0, FAILED = 1, USAGE = 2;

  static final String USAGE_TEXT = """
      Usage: sluice <command> [options]
      Sluice: an LLM gateway. One control point between agents/apps and model providers.

      Commands:
        serve [--config FILE]    Run the gateway (no --config: the offline quickstart).
        validate --config FILE   Check a config file: exit 0 when valid, else 1 with one line per problem.
        hash-key KEY             Print sha256:<hex> of an API key, for the keys section.
        version                  Print the version.

      Options:
        -h, --help               Show this help and exit.
        -V, --version            Print the version and exit.
      """;

  private Sluice() {}

  public static void main(String[] args) {
    LibraryDefaults.apply();
    System.exit(run(args));
  }

  /** Runs one command line and returns its exit code; prints to System.out and System.err. */
  static int run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    if (args.length == 0) {
      err.print(USAGE_TEXT);
      return USAGE;
    }
    String command = args[0];
    List<String> rest = List.of(args).subList(1, args.length);
    boolean known = switch (command) {
      case "serve", "validate", "hash-key", "version" -> true;
      default -> false;
    };
    if (known && (rest.contains("-h") || rest.contains("--help"))) {
      out.print(USAGE_TEXT);
      return OK;
    }
    try {
      return switch (command) {
        case "-h", "--help", "help" -> {
          out.print(USAGE_TEXT);
          yield OK;
        }
        case "-V", "--version", "version" -> {
          noArguments(command, rest);
          out.println("sluice " + version());
          yield OK;
        }
        case "serve" -> serve(configOption(command, rest, false), err);
        case "validate" -> validate(configOption(command, rest, true), out);
        case "hash-key" -> {
          if (rest.size() != 1 || rest.getFirst().startsWith("-")) {
            throw new UsageException("hash-key takes one argument, the plaintext key");
          }
          out.println(KeyHash.of(rest.getFirst()));
          yield OK;
        }
        default -> throw new UsageException("unknown command '" + command + "'");
      };
    } catch (UsageException e) {
      err.println("sluice: " + e.getMessage());
      err.print(USAGE_TEXT);
      return USAGE;
    }
  }

  /** {@code --config FILE} or {@code --config=FILE}, the only option serve and validate take. */
  private static Path configOption(String command, List<String> args, boolean required) {
    Path config = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String value;
      if (arg.equals("--config")) {
        if (i + 1 == args.size()) {
          throw new UsageException("--config needs a FILE");
        }
        value = args.get(++i);
      } else if (arg.startsWith("--config=")) {
        value = arg.substring("--config=".length());
      } else {
        throw new UsageException(command + ": unexpected argument '" + arg + "'");
      }
      if (config != null) {
        throw new UsageException(command + ": --config given twice");
      }
      if (value.isEmpty()) {
        throw new UsageException("--config needs a FILE");
      }
      config = Path.of(value);
    }
    if (required && config == null) {
      throw new UsageException(command + " needs --config FILE");
    }
    return config;
  }

  private static void noArguments(String command, List<String> args) {
    if (!args.isEmpty()) {
      throw new UsageException(command + ": unexpected argument '" + args.getFirst() + "'");
    }
  }

  private static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message, null, false, false);
    }
  }

  static String version() {
    try (InputStream in = Sluice.class.getResourceAsStream("version.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }

  /**
   * Loads a config file and prints its problems, one {@code <yaml.path>: <reason>} line each.
   * Returns null when it cannot be served.
   */
  static ConfigResult.Valid load(Path file, PrintStream out) {
    ConfigResult result = ConfigLoader.load(file, System.getenv());
    if (!(result instanceof ConfigResult.Valid valid)) {
      result.problems().forEach(out::println);
      return null;
    }
    return valid;
  }

  /** {@code serve}: runs until SIGTERM or SIGINT, then drains. */
  private static int serve(Path config, PrintStream err) {
    SluiceConfig effective;
    List<String> warnings;
    if (config == null) {
      effective = Quickstart.config();
      warnings = List.of();
    } else {
      ConfigResult.Valid result = load(config, err);
      if (result == null) {
        return FAILED;
      }
      effective = result.config();
      warnings = new ArrayList<>(result.warnings());
      warnings.addAll(PricingWarnings.of(effective, PriceTable.of(effective.pricing())));
    }
    Gateway gateway;
    try {
      gateway = Gateway.start(effective, config == null ? null : config.toAbsolutePath());
    } catch (Exception e) {
      err.println("sluice: could not start: " + e.getMessage());
      return FAILED;
    }
    StartupReport.print(err, gateway, config == null, warnings);
    try {
      awaitStopSignal();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    err.println("sluice: draining (up to " + effective.server().drainTimeout().toSeconds() + "s)...");
    gateway.close();
    err.println("sluice: stopped");
    return OK;
  }

  /** Blocks until SIGTERM or SIGINT; the caller then drains and exits 0. */
  @SuppressWarnings("restriction")
  private static void awaitStopSignal() throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> stop.countDown());
    sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> stop.countDown());
    stop.await();
  }

  /** {@code validate}: prints the problems (exit 1) or the summary and warnings (exit 0). */
  private static int validate(Path config, PrintStream out) {
    ConfigResult.Valid result = load(config, out);
    if (result == null) {
      return FAILED;
    }
    result.warnings().forEach(w -> out.println("warning: " + w));
    PricingWarnings.of(result.config(), PriceTable.of(result.config().pricing()))
        .forEach(w -> out.println("warning: " + w));
    SluiceConfig c = result.config();
    out.println("valid: " + c.backends().size() + " backends, " + c.routes().size()
        + " routes, " + c.teams().size() + " teams, " + c.keys().size() + " keys");
    return OK;
  }
}
