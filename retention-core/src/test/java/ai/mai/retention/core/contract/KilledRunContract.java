package ai.mai.retention.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.RetentionPolicy;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.port.in.CleanupRequest;
import ai.mai.retention.core.port.out.CleanupListener;
import ai.mai.retention.core.service.RunCleanupService;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit trail after {@code kill -9} at any moment: a real child JVM runs a cleanup over the
 * adapter's ports and is killed with SIGKILL at a random moment (while starting, taking the lock,
 * journaling the start, inspecting, between or inside batches, finishing), again and again; then
 * one run finishes the work and journals the killed runs as interrupted. The sum of {@code
 * records_deleted} over the audit rows must equal the rows actually gone, and exactly the expired
 * rows must be gone.
 */
public abstract class KilledRunContract {

  static final int RETENTION_DAYS = 90;

  /** Kills per test; each is one child JVM. */
  static final int KILLS = 10;

  protected RetentionTestDatabase database;

  /** A fresh, migrated database the child processes can reach. */
  protected abstract RetentionTestDatabase openDatabase();

  /**
   * The child's main class and arguments: it calls {@link CleanupChild#run} over its own ports to
   * this database, with the given batch size.
   */
  protected abstract List<String> childCommand(int batchSize);

  /**
   * How long a killed child's lock may stay taken (SQLite's lease); zero where the server frees it.
   */
  protected abstract Duration lockReleaseAfterKill();

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
    for (int kill = 0; kill < KILLS; kill++) {
      Process child = startChild();
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
      Thread.sleep(lockReleaseAfterKill().toMillis());
    }

    CleanupReport last =
        new RunCleanupService(
                database.store(),
                database.journal(),
                database.lock(),
                CleanupListener.NONE,
                Clock.systemUTC())
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
  }

  private Process startChild() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.add("-Xmx128m");
    command.add("-cp");
    String classPath = System.getProperty("surefire.test.class.path");
    command.add(
        classPath != null && !classPath.isBlank()
            ? classPath
            : System.getProperty("java.class.path"));
    command.addAll(childCommand(batchSize()));
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
