package ai.mai.retention.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.mai.retention.app.PackagedJar.Finished;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar archiving into directories that cannot take the rows, made so for real: a
 * read-only bind mount (a directory without write permission when not root), and small {@code
 * tmpfs} file systems in a mount namespace, one too small from the start and one that fills up
 * during the run.
 */
class ArchiveMountIT {

  private static final long DAY = 86_400L;

  @TempDir Path directory;

  /** The legacy file with {@code expired} rows 200 days old, each with a 1,500-character id. */
  private LegacySqliteDatabase database(int expired) {
    LegacySqliteDatabase database =
        LegacySqliteDatabase.create(directory.resolve("webui.db"), true, true);
    long old = Instant.now().getEpochSecond() - 200 * DAY;
    // Random hex ids compress to about half: some 750 bytes a row in the archive file.
    database.execute(
        "INSERT INTO processed_generations WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
            + " FROM n WHERE i < "
            + expired
            + ") SELECT i || '-' || hex(randomblob(750)), 'org-' || (i % 3), '2025-01-01', "
            + old
            + ", 0.25, 1000 FROM n",
        "INSERT INTO processed_generations VALUES ('fresh', 'org-1', '2026-01-01', "
            + Instant.now().getEpochSecond()
            + ", 0.5, 10)");
    return database;
  }

  private Finished cleanup(List<String> wrapper, LegacySqliteDatabase database, Path archive) {
    try (PackagedJar.Started started =
        PackagedJar.startWrapped(
            wrapper,
            directory,
            Map.of("RETENTION_DB_URL", database.url()),
            List.of(),
            "cleanup",
            "--archive",
            "file:" + archive,
            "--batch-size",
            "200")) {
      return started.await(Duration.ofMinutes(2));
    }
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void assumeMountNamespaces() throws Exception {
    Process probe = new ProcessBuilder("unshare", "-m", "true").start();
    assumeTrue(
        probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0,
        "no mount namespaces here: no way to mount a small file system for the test");
  }

  @Test
  void aDirectoryNobodyCanWriteRefusesTheRunBeforeItDeletesAnything() throws Exception {
    LegacySqliteDatabase database = database(50);
    Path archive = Files.createDirectory(directory.resolve("archive"));
    List<String> wrapper;
    if (root()) {
      assumeMountNamespaces();
      wrapper =
          List.of(
              "unshare",
              "-m",
              "sh",
              "-c",
              "mount --bind -o ro \"$0\" \"$0\" && exec \"$@\"",
              archive.toString());
    } else {
      Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("r-xr-xr-x"));
      wrapper = List.of();
    }

    Finished run = cleanup(wrapper, database, archive);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.out() + run.err()).contains("is not writable");
    assertThat(database.ids()).hasSize(51);
    assertThat(
            database.queryForLong(
                "SELECT count(*) FROM processed_generation_cleanup_log WHERE status = 'refused'"))
        .isEqualTo(1);
  }

  @Test
  void aFileSystemTooSmallForTheRunRefusesItBeforeItDeletesAnything() throws Exception {
    assumeTrue(root(), "mounting a tmpfs needs root");
    assumeMountNamespaces();
    LegacySqliteDatabase database = database(50);
    Path archive = Files.createDirectory(directory.resolve("archive"));

    Finished run = cleanup(tmpfs("64k", archive), database, archive);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.out() + run.err()).contains("bytes free");
    assertThat(database.ids()).hasSize(51);
  }

  @Test
  void aFileSystemThatFillsUpStopsTheRunWithEveryDeletedRowInTheFile() throws Exception {
    assumeTrue(root(), "mounting a tmpfs needs root");
    assumeMountNamespaces();
    LegacySqliteDatabase database = database(5_000);
    List<String> before = database.ids();
    Path archive = Files.createDirectory(directory.resolve("archive"));
    Path copy = Files.createDirectory(directory.resolve("archive-copy"));

    // 2 MiB: room for the estimate (5,000 rows at 64 bytes, plus 1 MiB), not for 3.5 MB of rows.
    Finished run = cleanup(tmpfs("2m", archive), database, archive);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.out() + run.err()).contains("No space left on device");
    List<String> gone = new ArrayList<>(before);
    gone.removeAll(database.ids());
    assertThat(gone).isNotEmpty().hasSizeLessThan(5_000);
    assertThat(
            database.queryForLong(
                "SELECT records_deleted FROM processed_generation_cleanup_log"
                    + " WHERE status = 'failed' AND archive_records = records_deleted"))
        .isEqualTo(gone.size());
    Path file;
    try (Stream<Path> files = Files.list(copy)) {
      file = files.filter(f -> f.toString().endsWith(".csv.gz")).findFirst().orElseThrow();
    }
    List<String> archived =
        ArchiveAndBudgetCliTest.gunzip(file).lines().skip(1).map(l -> l.split(",")[0]).toList();
    assertThat(archived).containsExactlyInAnyOrderElementsOf(gone);
  }

  /**
   * Runs the JVM with a tmpfs of {@code size} mounted on {@code directory}, then copies what it
   * left there to {@code directory-copy} (the mount goes with the namespace).
   */
  private static List<String> tmpfs(String size, Path directory) {
    return List.of(
        "unshare",
        "-m",
        "sh",
        "-c",
        "mount -t tmpfs -o size="
            + size
            + " tmpfs \"$0\" && \"$@\"; rc=$?; cp -a \"$0\"/. \"$0\"-copy/ 2>/dev/null; exit $rc",
        directory.toString());
  }
}
