package ai.mai.retention.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.core.domain.ArchiveReport;
import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.port.out.ArchiveUnavailableException;
import ai.mai.retention.core.port.out.RowArchive;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive file without a database: batches, rollbacks, a disk that fills, the manifest. */
class ArchiveFileWriterTest {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final List<String> COLUMNS = List.of("id", "client_org_id", "total_cost");
  private static final CleanupCriteria CRITERIA = CleanupCriteria.uniform(NOW, 90);

  @TempDir Path directory;

  private RowArchive.Writer open(FileRowArchive archive, long expectedRows) {
    return archive.open(new RowArchive.Run("run-1", CRITERIA, expectedRows));
  }

  private static void batch(RowArchive.Writer writer, String... ids) {
    RowArchive.RowSink sink = writer.startBatch(COLUMNS);
    for (String id : ids) {
      sink.row(new String[] {id, "org-" + id.charAt(0), "0.5"});
    }
  }

  private static CleanupReport report(RunStatus status, long deleted) {
    return new CleanupReport(
        "run-1",
        CleanupTrigger.MANUAL,
        status,
        false,
        CRITERIA,
        NOW,
        Duration.ofSeconds(1),
        10,
        deleted,
        10 - deleted,
        OrganizationBreakdown.EMPTY,
        2,
        null);
  }

  private Path file() {
    return directory.resolve("processed_generations_2026-03-03_run-1.csv.gz");
  }

  @Test
  void batchesAreGzipMembersThatReadAsOneCsvWithItsHeader() throws Exception {
    RowArchive.Writer writer = open(new FileRowArchive(directory, TableName.DEFAULT), 3);
    batch(writer, "a1", "a2");
    writer.makeDurable();
    writer.batchCommitted(2);
    batch(writer, "b1");
    writer.makeDurable();
    writer.batchCommitted(1);

    ArchiveReport report = writer.finish(report(RunStatus.SUCCEEDED, 3));

    assertThat(text(file()))
        .isEqualTo("id,client_org_id,total_cost\na1,org-a,0.5\na2,org-a,0.5\nb1,org-b,0.5\n");
    assertThat(gunzip(file())).isEqualTo(text(file()));
    assertThat(report.records()).isEqualTo(3);
    assertThat(report.location()).hasValue("file:" + file());
    assertThat(report.sha256()).hasValue(sha256(file()));
  }

  @Test
  void aRelativeDirectoryIsReportedAsTheAbsolutePathItResolvedTo() throws Exception {
    // The audit row, the manifest and the next run's recovery of a killed run's file must find it
    // whatever the working directory of whoever reads them.
    Path relative = Path.of("").toAbsolutePath().relativize(directory);
    assertThat(relative.isAbsolute()).isFalse();
    RowArchive.Writer writer = open(new FileRowArchive(relative, TableName.DEFAULT), 1);
    batch(writer, "a1");
    writer.makeDurable();
    writer.batchCommitted(1);

    ArchiveReport report = writer.finish(report(RunStatus.SUCCEEDED, 1));

    assertThat(report.location()).hasValue("file:" + file());
    assertThat(Path.of(report.manifest().orElseThrow())).isAbsolute().exists();
    assertThat(report.target().location()).isEqualTo(relative.toString());
  }

  @Test
  void aBatchRolledBackBeforeItWasDurableIsCutOffAndTheChecksumRewound() throws Exception {
    RowArchive.Writer writer = open(new FileRowArchive(directory, TableName.DEFAULT), 3);
    batch(writer, "a1");
    writer.makeDurable();
    writer.batchCommitted(1);
    batch(writer, "b1", "b2");
    writer.batchFailed();
    // A retry of a batch starts from scratch: what its first attempt wrote goes.
    batch(writer, "c1");
    writer.makeDurable();
    batch(writer, "c1");
    writer.makeDurable();
    writer.batchCommitted(1);

    ArchiveReport report = writer.finish(report(RunStatus.FAILED, 2));

    assertThat(text(file())).isEqualTo("id,client_org_id,total_cost\na1,org-a,0.5\nc1,org-c,0.5\n");
    assertThat(report.records()).isEqualTo(2);
    assertThat(report.unconfirmedRecords()).isZero();
    assertThat(report.sha256()).hasValue(sha256(file()));
  }

  @Test
  void aBatchWhoseCommitFailedAfterItWasDurableIsKeptAsUnconfirmed() throws Exception {
    RowArchive.Writer writer = open(new FileRowArchive(directory, TableName.DEFAULT), 3);
    batch(writer, "a1");
    writer.makeDurable();
    writer.batchFailed();

    ArchiveReport report = writer.finish(report(RunStatus.FAILED, 0));

    assertThat(text(file())).isEqualTo("id,client_org_id,total_cost\na1,org-a,0.5\n");
    assertThat(report.records()).isZero();
    assertThat(report.unconfirmedRecords()).isEqualTo(1);
    String manifest = Files.readString(Path.of(report.manifest().orElseThrow()));
    assertThat(manifest).contains("\"unconfirmed_records\": 1").contains("\"org-a\":1");
  }

  @Test
  void aDiskThatFillsFailsTheBatchAndLeavesTheCommittedOnesIntact() throws Exception {
    FileRowArchive archive =
        new FileRowArchive(
            directory,
            TableName.DEFAULT,
            path -> ArchiveOutput.of(ai.mai.retention.core.contract.FillingDisk.create(path, 120)));
    RowArchive.Writer writer = open(archive, 100);
    batch(writer, "a1");
    writer.makeDurable();
    writer.batchCommitted(1);
    long committed = Files.size(file());
    String[] many = new String[400];
    for (int i = 0; i < many.length; i++) {
      many[i] = "b" + i + "-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    }

    assertThatThrownBy(
            () -> {
              batch(writer, many);
              writer.makeDurable();
            })
        .isInstanceOf(ArchiveUnavailableException.class)
        .hasMessageContaining("No space left on device")
        .hasMessageContaining("rolled back");
    writer.batchFailed();
    ArchiveReport report = writer.finish(report(RunStatus.FAILED, 1));

    assertThat(Files.size(file())).isEqualTo(committed);
    assertThat(text(file())).isEqualTo("id,client_org_id,total_cost\na1,org-a,0.5\n");
    assertThat(report.records()).isEqualTo(1);
    assertThat(report.sha256()).hasValue(sha256(file()));
  }

  @Test
  void aRunThatArchivedNothingLeavesNoFile() throws Exception {
    RowArchive.Writer writer = open(new FileRowArchive(directory, TableName.DEFAULT), 5);
    batch(writer);
    writer.makeDurable();

    ArchiveReport report = writer.finish(report(RunStatus.SUCCEEDED, 0));

    assertThat(report.location()).isEmpty();
    assertThat(report.records()).isZero();
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aDirectoryThatIsMissingOrAFileOrTooSmallIsRefusedBeforeAnythingIsWritten() throws Exception {
    Path file = Files.writeString(directory.resolve("plain"), "x");

    assertThatThrownBy(
            () -> open(new FileRowArchive(directory.resolve("nope"), TableName.DEFAULT), 1))
        .isInstanceOf(ArchiveUnavailableException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> open(new FileRowArchive(file, TableName.DEFAULT), 1))
        .isInstanceOf(ArchiveUnavailableException.class)
        .hasMessageContaining("not a directory");
    long rowsNoDiskHolds =
        Files.getFileStore(directory).getUsableSpace() / FileRowArchive.ESTIMATED_BYTES_PER_ROW + 1;
    assertThatThrownBy(
            () -> open(new FileRowArchive(directory, TableName.DEFAULT), rowsNoDiskHolds))
        .isInstanceOf(ArchiveUnavailableException.class)
        .hasMessageContaining("bytes free");
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void gzipReadsTheMembersAsOneFile() throws Exception {
    RowArchive.Writer writer = open(new FileRowArchive(directory, TableName.DEFAULT), 3);
    batch(writer, "a1");
    writer.makeDurable();
    writer.batchCommitted(1);
    batch(writer, "b1");
    writer.makeDurable();
    writer.batchCommitted(1);
    writer.finish(report(RunStatus.SUCCEEDED, 2));

    assertThat(gunzip(file()))
        .isEqualTo("id,client_org_id,total_cost\na1,org-a,0.5\nb1,org-b,0.5\n");
  }

  /** What Java's GZIPInputStream reads (every member). */
  private static String text(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  /** What the gzip command reads. */
  private static String gunzip(Path file) throws Exception {
    Process gzip = new ProcessBuilder("gzip", "-dc", file.toString()).start();
    String out = new String(gzip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(gzip.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(gzip.exitValue()).isZero();
    return out;
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
