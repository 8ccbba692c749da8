package dev.sluice;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.jar.JarEntry;

/**
 * System properties that change how our libraries start, set before any of them loads and only
 * where the operator has not set them (a {@code -D} always wins). Each one cut measured start-up
 * time (docs/benchmarks.md, "Start-up"); none changes what Sluice does.
 */
final class LibraryDefaults {
  private LibraryDefaults() {}

  static void apply() {
    // Netty's JFR events for its buffer allocator: loading the first one initialises JFR's event
    // machinery on the event loop, ~50 ms of CPU during the first request.
    setIfAbsent("io.netty.jfr.enabled", "false");
    // Core reflection through JNI instead of a spun method-handle class per member: reading the
    // config calls each record's constructor once, and spinning ~130 classes for that took ~70 ms
    // of start-up. Only cold paths reflect (config, admin API, key store); requests never do.
    setIfAbsent("jdk.reflect.useNativeAccessorOnly", "true");
    sqliteNativeLibrary();
  }

  private static void setIfAbsent(String name, String value) {
    if (System.getProperty(name) == null) {
      System.setProperty(name, value);
    }
  }

  /**
   * sqlite-jdbc copies its native library out of the jar into the temp folder at every start
   * (compares it byte by byte when one is there, deletes it at exit) and, to choose which one,
   * runs {@code uname -o} in a child process. Together ~80 ms of CPU and a fork. We copy it once
   * into the user's cache folder, under its CRC, and point sqlite-jdbc at it. Anything unusual
   * (another OS or libc, no cache folder, not running from the jar) leaves sqlite-jdbc's own way.
   */
  private static void sqliteNativeLibrary() {
    if (System.getProperty("org.sqlite.lib.path") != null || System.getProperty("org.sqlite.lib.name") != null) {
      return;
    }
    Path library = cachedSqliteLibrary(cacheFolder().resolve("sluice").resolve("native"));
    if (library != null) {
      System.setProperty("org.sqlite.lib.path", library.getParent().toString());
      System.setProperty("org.sqlite.lib.name", library.getFileName().toString());
    }
  }

  /**
   * This platform's sqlite-jdbc library, copied into {@code dir} unless a copy of the same CRC and
   * size is there; null when there is none for this platform or it cannot be copied.
   */
  static Path cachedSqliteLibrary(Path dir) {
    String resource = sqliteResource();
    URL url = resource == null ? null : LibraryDefaults.class.getResource(resource);
    if (url == null) {
      return null;
    }
    String name = System.mapLibraryName("sqlitejdbc");
    try {
      URLConnection connection = url.openConnection();
      if (!(connection instanceof JarURLConnection jar)) {
        return null;
      }
      JarEntry entry = jar.getJarEntry();
      String cachedName = "sqlitejdbc-" + Long.toHexString(entry.getCrc()) + "-" + name;
      Path cached = dir.resolve(cachedName);
      if (!Files.isRegularFile(cached) || Files.size(cached) != entry.getSize()) {
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, cachedName, ".partial");
        try (InputStream in = jar.getInputStream()) {
          Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
          Files.move(partial, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
          Files.deleteIfExists(partial);
        }
      }
      return cached;
    } catch (IOException | RuntimeException e) {
      return null; // sqlite-jdbc extracts it itself, as without this
    }
  }

  /** Where sqlite-jdbc's jar keeps this platform's library; null for platforms we leave to it. */
  static String sqliteResource() {
    String folder = nativeFolder();
    return folder == null ? null
        : "/org/sqlite/native/" + folder + "/" + System.mapLibraryName("sqlitejdbc");
  }

  /** sqlite-jdbc's folder for this platform, for the platforms we ship on; else null. */
  private static String nativeFolder() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = switch (System.getProperty("os.arch", "")) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "aarch64";
      default -> null;
    };
    if (arch == null) {
      return null;
    }
    if (os.startsWith("mac")) {
      return "Mac/" + arch;
    }
    // glibc only: musl (Alpine) takes another build, and sqlite-jdbc's own detection finds it
    if (os.equals("linux") && !Files.exists(Path.of("/lib/ld-musl-" + arch + ".so.1"))) {
      return "Linux/" + arch;
    }
    return null;
  }

  private static Path cacheFolder() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg);
    }
    return Path.of(System.getProperty("user.home"), ".cache");
  }
}
