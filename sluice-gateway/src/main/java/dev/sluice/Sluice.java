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
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The command line (SPEC §1): serve, validate, hash-key, version. */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    versionProvider = Sluice.Version.class,
    description = "Sluice: an LLM gateway. One control point between agents/apps and model providers.",
    subcommands = {
      Sluice.Serve.class, Sluice.Validate.class, Sluice.HashKey.class, Sluice.VersionCommand.class
    })
public final class Sluice implements Callable<Integer> {

  public static void main(String[] args) {
    int code = new CommandLine(new Sluice()).execute(args);
    System.exit(code);
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.err);
    return 2;
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

  @Command(name = "serve", description = "Run the gateway (no --config: the offline quickstart).")
  static final class Serve implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file.")
    Path config;

    @Override
    public Integer call() throws Exception {
      PrintStream err = System.err;
      SluiceConfig effective;
      List<String> warnings;
      if (config == null) {
        effective = Quickstart.config();
        warnings = List.of();
      } else {
        ConfigResult.Valid result = load(config, err);
        if (result == null) {
          return 1;
        }
        effective = result.config();
        warnings = new java.util.ArrayList<>(result.warnings());
        warnings.addAll(PricingWarnings.of(effective, PriceTable.of(effective.pricing())));
      }
      Gateway gateway;
      try {
        gateway = Gateway.start(effective, config == null ? null : config.toAbsolutePath());
      } catch (Exception e) {
        err.println("sluice: could not start: " + e.getMessage());
        return 1;
      }
      StartupReport.print(err, gateway, config == null, warnings);
      awaitStopSignal();
      err.println("sluice: draining (up to " + effective.server().drainTimeout().toSeconds() + "s)...");
      gateway.close();
      err.println("sluice: stopped");
      return 0;
    }

    /** Blocks until SIGTERM or SIGINT; the caller then drains and exits 0. */
    @SuppressWarnings("restriction")
    private static void awaitStopSignal() throws InterruptedException {
      CountDownLatch stop = new CountDownLatch(1);
      sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> stop.countDown());
      sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> stop.countDown());
      stop.await();
    }
  }

  @Command(name = "validate", description = "Check a config file: exit 0 when valid, else 1 with one line per problem.")
  static final class Validate implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", required = true, description = "YAML configuration file.")
    Path config;

    @Override
    public Integer call() {
      ConfigResult.Valid result = load(config, System.out);
      if (result == null) {
        return 1;
      }
      result.warnings().forEach(w -> System.out.println("warning: " + w));
      PricingWarnings.of(result.config(), PriceTable.of(result.config().pricing()))
          .forEach(w -> System.out.println("warning: " + w));
      SluiceConfig c = result.config();
      System.out.println("valid: " + c.backends().size() + " backends, " + c.routes().size()
          + " routes, " + c.teams().size() + " teams, " + c.keys().size() + " keys");
      return 0;
    }
  }

  @Command(name = "hash-key", description = "Print sha256:<hex> of an API key, for the keys section.")
  static final class HashKey implements Callable<Integer> {
    @Parameters(paramLabel = "KEY", description = "The plaintext key.")
    String key;

    @Override
    public Integer call() {
      System.out.println(KeyHash.of(key));
      return 0;
    }
  }

  @Command(name = "version", description = "Print the version.")
  static final class VersionCommand implements Callable<Integer> {
    @Override
    public Integer call() {
      System.out.println("sluice " + version());
      return 0;
    }
  }

  /** For --version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"sluice " + version()};
    }
  }
}
