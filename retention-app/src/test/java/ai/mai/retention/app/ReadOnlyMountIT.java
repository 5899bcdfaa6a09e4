package ai.mai.retention.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.mai.retention.app.PackagedJar.Finished;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code health} and {@code history} of the packaged jar on a SQLite database in a directory nobody
 * can write: a read-only bind mount when the tests run as root (where permissions stop nothing),
 * else a directory and file without write permission. A WAL database there has no {@code -shm} and
 * none can be created, which a plain read-only open cannot get past.
 */
class ReadOnlyMountIT {

  @TempDir Path directory;

  @Test
  void healthAndHistoryWorkOnAWalDatabaseInAReadOnlyDirectory() throws Exception {
    Path data = Files.createDirectory(directory.resolve("data"));
    LegacySqliteDatabase database =
        LegacySqliteDatabase.create(data.resolve("webui.db"), true, true);
    database.insert("old", "org-a", Instant.now().minusSeconds(200 * 86_400L), 0.5, 10);
    database.insert("new", "org-a", Instant.now(), 0.5, 10);
    AppRun cleanup = AppRun.of(Map.of("RETENTION_DB_URL", database.url()), "cleanup");
    assertThat(cleanup.exitCode()).as(cleanup.toString()).isZero();
    assertThat(database.strings("PRAGMA journal_mode")).containsExactly("wal");
    try (var entries = Files.list(data)) {
      assertThat(entries.map(Path::getFileName).map(Path::toString)).containsExactly("webui.db");
    }
    byte[] bytes = Files.readAllBytes(database.file);
    FileTime modified = Files.getLastModifiedTime(database.file);

    List<String> wrapper = readOnly(data);
    Finished health = run(wrapper, database, "health", "--json");
    Finished history = run(wrapper, database, "history");

    assertThat(health.exitCode()).as(health.toString()).isZero();
    assertThat(health.out()).contains("\"healthy\" : true");
    assertThat(history.exitCode()).as(history.toString()).isZero();
    assertThat(history.out()).contains("succeeded");
    restoreWrite(data);
    assertThat(Arrays.equals(Files.readAllBytes(database.file), bytes)).isTrue();
    assertThat(Files.getLastModifiedTime(database.file)).isEqualTo(modified);
    try (var entries = Files.list(data)) {
      assertThat(entries.map(Path::getFileName).map(Path::toString)).containsExactly("webui.db");
    }
  }

  private Finished run(List<String> wrapper, LegacySqliteDatabase database, String... args) {
    try (PackagedJar.Started started =
        PackagedJar.startWrapped(
            wrapper, directory, Map.of("RETENTION_DB_URL", database.url()), List.of(), args)) {
      return started.await(Duration.ofMinutes(1));
    }
  }

  /** The wrapper that runs the JVM with {@code data} read-only. */
  private static List<String> readOnly(Path data) throws Exception {
    if (!"root".equals(System.getProperty("user.name"))) {
      Files.setPosixFilePermissions(
          data.resolve("webui.db"), PosixFilePermissions.fromString("r--r--r--"));
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-xr-xr-x"));
      return List.of();
    }
    Process probe = new ProcessBuilder("unshare", "-m", "true").start();
    assumeTrue(
        probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0,
        "root without mount namespaces: no way to make a directory read-only here");
    return List.of(
        "unshare",
        "-m",
        "sh",
        "-c",
        "mount --bind -o ro \"$0\" \"$0\" && exec \"$@\"",
        data.toString());
  }

  private static void restoreWrite(Path data) throws Exception {
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(
        data.resolve("webui.db"), PosixFilePermissions.fromString("rw-r--r--"));
  }
}
