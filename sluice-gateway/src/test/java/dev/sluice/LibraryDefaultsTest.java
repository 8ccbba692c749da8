package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sqlite library copied once into the cache folder, and copied again when damaged. */
class LibraryDefaultsTest {
  @TempDir
  Path dir;

  @Test
  void theSqliteLibraryIsCopiedOnceAndReplacedWhenItsSizeIsWrong() throws IOException {
    Path first = LibraryDefaults.cachedSqliteLibrary(dir);
    assumeThat(first).as("a platform sqlite-jdbc ships a library for, from its jar").isNotNull();
    assertThat(first.getParent()).isEqualTo(dir);
    assertThat(Files.readAllBytes(first)).isEqualTo(jarCopy(first));

    FileTime written = FileTime.fromMillis(1_000_000L);
    Files.setLastModifiedTime(first, written);
    assertThat(LibraryDefaults.cachedSqliteLibrary(dir)).isEqualTo(first);
    assertThat(Files.getLastModifiedTime(first)).as("reused, not copied again").isEqualTo(written);

    Files.write(first, new byte[] {1, 2, 3}); // a copy cut short
    assertThat(LibraryDefaults.cachedSqliteLibrary(dir)).isEqualTo(first);
    assertThat(Files.readAllBytes(first)).isEqualTo(jarCopy(first));
    try (var files = Files.list(dir)) {
      assertThat(files).as("no partial copies left behind").containsExactly(first);
    }
  }

  private static byte[] jarCopy(Path cached) throws IOException {
    try (InputStream in = LibraryDefaults.class.getResourceAsStream(LibraryDefaults.sqliteResource())) {
      return in.readAllBytes();
    }
  }
}
