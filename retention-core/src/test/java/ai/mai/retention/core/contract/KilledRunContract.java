package ai.mai.retention.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.RetentionPolicy;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.port.in.CleanupRequest;
import ai.mai.retention.core.port.out.CleanupListener;
import ai.mai.retention.core.port.out.RowArchive;
import ai.mai.retention.core.service.RunCleanupService;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail after {@code kill -9} at any moment: a real child JVM runs a cleanup over the
 * adapter's ports and is killed with SIGKILL at a random moment (while starting, taking the lock,
 * journaling the start, inspecting, between or inside batches, finishing), again and again; then
 * one run finishes the work and journals the killed runs as interrupted. The sum of {@code
 * records_deleted} over the audit rows must equal the rows actually gone, and exactly the expired
 * rows must be gone. Every other child archives to a file: each killed run's file that its marker
 * named gets a manifest from the last run that matches the file's bytes, rows and organizations and
 * the rows its marker confirms, and every row an archiving run deleted is in a file.
 */
public abstract class KilledRunContract {

  static final int RETENTION_DAYS = 90;

  /** Kills per test; each is one child JVM. */
  static final int KILLS = 10;

  /** Where the children that archive (every other one) and the last run keep their rows. */
  @TempDir protected Path archiveDirectory;

  protected JdbcTestDatabase database;

  /** A fresh, migrated database the child processes can reach. */
  protected abstract JdbcTestDatabase openDatabase();

  /**
   * The child's main class and arguments: it calls {@link CleanupChild#run} over its own ports to
   * this database, with the given batch size, archiving into {@code archiveDirectory} (the
   * adapter's {@code file:} archive) when there is one.
   */
  protected abstract List<String> childCommand(int batchSize, Optional<Path> archiveDirectory);

  /** The adapter's {@code file:} archive of {@code processed_generations} in {@code directory}. */
  protected abstract RowArchive fileArchive(Path directory);

  /**
   * Returns once a killed child's run lock is free again: SQLite's lease has run out, or the server
   * has finished ending the dead session (PostgreSQL frees its advisory lock then).
   */
  protected abstract void awaitLockReleasedAfterKill() throws InterruptedException;

  /** Rows per batch in the children: small, so that a run lasts long enough to be hit mid-sweep. */
  protected abstract int batchSize();

  @BeforeEach
  void open() {
    database = openDatabase();
  }

  @AfterEach
  void closeDatabase() {
    database.close();
  }

  @Test
  void theAuditTrailCountsExactlyTheRowsDeletedWhenRunsAreKilledAtRandomMoments() throws Exception {
    Instant now = Instant.now();
    List<GenerationRow> rows = new ArrayList<>();
    Random data = new Random(42);
    for (int i = 0; i < 30_000; i++) {
      // Four in five expired (91 to 180 days old), the rest kept (up to 80 days old).
      double ageDays = i % 5 == 0 ? data.nextDouble() * 80 : 91 + data.nextDouble() * 89;
      rows.add(
          GenerationRow.at(
              "gen-" + i,
              "org-" + (i % 7),
              now.minusSeconds((long) (ageDays * 86_400)),
              Math.round(data.nextDouble() * 1e6) / 1e8,
              1 + data.nextInt(5_000)));
    }
    database.insert(rows);
    long before = database.queryForLong("SELECT count(*) FROM processed_generations");
    long expected = rows.size() - rows.size() / 5;

    Random moments = new Random(7);
    int killedMidRun = 0;
    List<String> outcomes = new ArrayList<>();
    // The rows each run that archived deleted: all of them must be in the files.
    Set<String> deletedByArchivingRuns = new HashSet<>();
    for (int kill = 0; kill < KILLS; kill++) {
      // Every other child archives to a file: with 5 aims and 2 kinds, each aim meets both.
      boolean archiving = kill % 2 == 0;
      Set<String> beforeChild = new HashSet<>(database.remainingIds());
      Process child = startChild(archiving ? Optional.of(archiveDirectory) : Optional.empty());
      CountDownLatch ready = new CountDownLatch(1);
      CountDownLatch sweeping = new CountDownLatch(1);
      StringBuilder output = new StringBuilder();
      Thread reader = readOutput(child, ready, sweeping, output);
      // Where each kill aims is fixed (two early, four anywhere, four inside the sweep); only the
      // moment within it is random, so a loaded machine cannot leave the sweep unhit.
      int aim = kill % 5;
      boolean early = aim == 0;
      if (early) {
        // While the JVM starts, connects, takes the lock or journals the start.
        Thread.sleep(moments.nextInt(1_200));
      } else if (aim <= 2) {
        // Anywhere from the run's start on: inspecting, journaling the start, or batches.
        assertThat(ready.await(60, TimeUnit.SECONDS)).as("child ready: " + output).isTrue();
        Thread.sleep(moments.nextInt(1_500));
      } else {
        // Inside the sweep: a slow, loaded machine must not turn these into kills before it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!sweeping.await(50, TimeUnit.MILLISECONDS) && child.isAlive()) {
          assertThat(System.nanoTime()).as("child sweeping: " + output).isLessThan(deadline);
        }
        Thread.sleep(moments.nextInt(300));
      }
      boolean stillRunning = child.isAlive();
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(5_000);
      String said;
      synchronized (output) {
        said = output.toString().strip();
      }
      boolean midRun =
          stillRunning && ready.getCount() == 0 && !said.contains(CleanupChild.FINISHED);
      if (midRun) {
        killedMidRun++;
      }
      outcomes.add(
          (early ? "early " : "")
              + (midRun ? "killed mid-run" : stillRunning ? "killed" : "ended: " + said));
      awaitLockReleasedAfterKill();
      if (archiving) {
        beforeChild.removeAll(database.remainingIds());
        deletedByArchivingRuns.addAll(beforeChild);
      }
    }
    Set<String> beforeLast = new HashSet<>(database.remainingIds());

    CleanupReport last =
        new RunCleanupService(
                database.store(),
                database.journal(),
                database.lock(),
                CleanupListener.NONE,
                Clock.systemUTC())
            .withArchive(fileArchive(archiveDirectory))
            .runCleanup(
                CleanupRequest.of(RetentionPolicy.ofDays(RETENTION_DAYS), CleanupTrigger.MANUAL));

    String context = "outcomes " + outcomes + ", last run " + last.status() + " " + last.error();
    assertThat(last.status()).as(context).isEqualTo(RunStatus.SUCCEEDED);
    long remaining = database.queryForLong("SELECT count(*) FROM processed_generations");
    long journaled =
        database.queryForLong(
            "SELECT coalesce(sum(records_deleted), 0) FROM processed_generation_cleanup_log");
    assertThat(remaining).as(context).isEqualTo(before - expected);
    assertThat(journaled)
        .as(context + ": audit rows count every deleted row")
        .isEqualTo(before - remaining);
    assertThat(database.queryForLong("SELECT count(*) FROM retention_run")).as(context).isZero();
    // Kills must have hit runs in the middle of their sweep, or this proves little.
    assertThat(
            database.queryForLong(
                "SELECT count(*) FROM processed_generation_cleanup_log"
                    + " WHERE status = 'interrupted' AND records_deleted > 0"))
        .as(context + ": runs killed after deleting something, journaled as interrupted")
        .isGreaterThanOrEqualTo(KILLS / 3);
    assertThat(killedMidRun).as(context).isGreaterThanOrEqualTo(KILLS / 2);
    beforeLast.removeAll(database.remainingIds());
    deletedByArchivingRuns.addAll(beforeLast);
    assertKilledRunsFilesHaveTheirManifests(context, deletedByArchivingRuns);
  }

  /**
   * Every file of a killed run that its marker named has a manifest, written by the last run, that
   * counts the file as it is: rows, rows per organization, bytes and SHA-256, with at least the
   * rows its marker confirms deleted. And across all the files, no deleted row is missing.
   */
  private void assertKilledRunsFilesHaveTheirManifests(
      String context, Set<String> deletedByArchivingRuns) throws Exception {
    List<Map<String, Object>> interrupted =
        database.rows(
            "SELECT run_id, records_deleted, archive_location, archive_records, archive_sha256,"
                + " note FROM processed_generation_cleanup_log WHERE status = 'interrupted'"
                + " AND archive_location IS NOT NULL");
    assertThat(interrupted)
        .as(context + ": killed runs that had archived a batch (every other child archives)")
        .isNotEmpty();
    for (Map<String, Object> run : interrupted) {
      String about = context + ", run " + run;
      Path file = Path.of(((String) run.get("archive_location")).substring("file:".length()));
      byte[] bytes = Files.readAllBytes(file);
      Path manifestPath = manifestOf(file);
      assertThat(manifestPath).as(about).exists();
      ArchiveManifestFields manifest = ArchiveManifestFields.read(manifestPath);
      long confirmed = ((Number) run.get("archive_records")).longValue();
      assertThat(confirmed).as(about).isEqualTo(((Number) run.get("records_deleted")).longValue());
      assertThat(manifest.number("records")).as(about).isEqualTo(confirmed);
      assertThat(manifest.text("sha256")).as(about).isEqualTo(sha256(bytes));
      assertThat(run.get("archive_sha256")).as(about).isEqualTo(sha256(bytes));
      assertThat(manifest.number("bytes")).as(about).isEqualTo(bytes.length);
      if (!manifest.text("status").equals("interrupted")) {
        // Killed after it wrote its own manifest, before its audit row: that one is kept.
        assertThat((String) run.get("note")).as(about).contains("is kept as it is");
        continue;
      }
      // What GZIPInputStream reads of the file up to its last intact member.
      int intact = (int) manifest.number("intact_bytes");
      List<List<String>> lines = RowArchiveContract.csv(Arrays.copyOf(bytes, intact));
      assertThat(manifest.number("records_in_file")).as(about).isEqualTo(lines.size() - 1);
      assertThat(manifest.number("records_in_file")).as(about).isGreaterThanOrEqualTo(confirmed);
      assertThat(manifest.number("unconfirmed_records"))
          .as(about)
          .isEqualTo(lines.size() - 1 - confirmed);
      assertThat(manifest.counts("organizations"))
          .as(about)
          .isEqualTo(RowArchiveContract.perOrganization(lines));
      assertThat(manifest.bool("tail_damaged")).as(about).isEqualTo(intact < bytes.length);
      assertThat((String) run.get("note")).as(about).contains("written");
    }
    // Every row a run that archived deleted is in the intact part of a file with a manifest (a
    // file without one is a run's killed before its first batch committed: it deleted nothing).
    Set<String> archived = new HashSet<>();
    List<Path> files;
    try (Stream<Path> listing = Files.list(archiveDirectory)) {
      files = listing.filter(file -> file.toString().endsWith(".csv.gz")).toList();
    }
    for (Path file : files) {
      if (!Files.exists(manifestOf(file))) {
        continue;
      }
      ArchiveManifestFields manifest = ArchiveManifestFields.read(manifestOf(file));
      byte[] bytes = Files.readAllBytes(file);
      int intact =
          manifest.has("intact_bytes") ? (int) manifest.number("intact_bytes") : bytes.length;
      RowArchiveContract.csv(Arrays.copyOf(bytes, intact)).stream()
          .skip(1)
          .forEach(line -> archived.add(line.get(0)));
    }
    Set<String> missing = new TreeSet<>(deletedByArchivingRuns);
    missing.removeAll(archived);
    assertThat(deletedByArchivingRuns).as(context).isNotEmpty();
    assertThat(missing).as(context + ": deleted rows in no archive file").isEmpty();
  }

  private static Path manifestOf(Path file) {
    return file.resolveSibling(file.getFileName().toString().replace(".csv.gz", ".manifest.json"));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private Process startChild(Optional<Path> archive) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.add("-Xmx128m");
    command.add("-cp");
    String classPath = System.getProperty("surefire.test.class.path");
    command.add(
        classPath != null && !classPath.isBlank()
            ? classPath
            : System.getProperty("java.class.path"));
    command.addAll(childCommand(batchSize(), archive));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static Thread readOutput(
      Process child, CountDownLatch ready, CountDownLatch sweeping, StringBuilder output) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  synchronized (output) {
                    if (line.equals(CleanupChild.BATCH)) {
                      sweeping.countDown();
                      continue;
                    }
                    if (line.startsWith(CleanupChild.FINISHED) || output.length() < 2_000) {
                      output.append(line).append('\n');
                    }
                  }
                  if (line.equals(CleanupChild.READY)) {
                    ready.countDown();
                  }
                }
              } catch (java.io.IOException ignored) {
                // The child was killed.
              }
            },
            "child-output");
    reader.setDaemon(true);
    reader.start();
    return reader;
  }
}
