package ai.mai.retention.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.contract.ArchiveManifestFields;
import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.port.out.RowArchive;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifest of a killed run's file, from its marker and the file as it stands, without a
 * database (the contract suites run it through the journal on both databases): the rows its marker
 * confirms against those in the file, a damaged tail, and every way it cannot be written, none of
 * which throws.
 */
class InterruptedArchiveFilesTest {

  private static final Instant STARTED = Instant.parse("2026-06-01T00:00:00.250Z");
  private static final Instant NOW = Instant.parse("2026-06-02T00:00:00Z");
  private static final CleanupCriteria CRITERIA = CleanupCriteria.uniform(STARTED, 90);
  private static final List<String> COLUMNS = List.of("id", "client_org_id", "total_cost");

  @TempDir Path directory;

  private Path file() {
    return new FileRowArchive(directory, TableName.DEFAULT)
        .fileOf("run-1", CRITERIA.defaultCutoff().date());
  }

  /** Two committed batches (3 rows), then a batch made durable whose commit never came (2 rows). */
  private Path killedFile() {
    RowArchive.Writer writer =
        new FileRowArchive(directory, TableName.DEFAULT)
            .open(new RowArchive.Run("run-1", CRITERIA, 10));
    batch(writer, new String[][] {{"a1", "org-a", "1"}, {"a2", "org-b", "2"}});
    writer.batchCommitted(2);
    batch(writer, new String[][] {{"b1", "org-a", "3"}});
    writer.batchCommitted(1);
    batch(writer, new String[][] {{"c1", "org-c", "4"}, {"c2", "org-a", "5"}});
    writer.close(); // killed: no commit, no finish
    return file();
  }

  private static void batch(RowArchive.Writer writer, String[][] rows) {
    RowArchive.RowSink sink = writer.startBatch(COLUMNS);
    for (String[] row : rows) {
      sink.row(row);
    }
    writer.makeDurable();
  }

  private RunMarkerRow marker(Long archiveRecords, String policy) {
    return new RunMarkerRow(
        "run-1",
        "scheduled",
        STARTED.toEpochMilli(),
        STARTED.plusSeconds(5).toEpochMilli(),
        90,
        CRITERIA.defaultCutoff().date(),
        100,
        3,
        30,
        "6",
        2,
        policy,
        "{}",
        0,
        "file:" + file(),
        archiveRecords);
  }

  private Path manifest() {
    return directory.resolve(file().getFileName().toString().replace(".csv.gz", ".manifest.json"));
  }

  @Test
  void theManifestCountsTheConfirmedRowsAndThoseOfTheBatchInFlight() throws Exception {
    Path file = killedFile();
    byte[] bytes = Files.readAllBytes(file);

    InterruptedArchiveFiles.Recovery recovery =
        InterruptedArchiveFiles.recover(marker(3L, "default=90"), NOW).orElseThrow();

    ArchiveManifestFields manifest = ArchiveManifestFields.read(manifest());
    assertThat(manifest.text("run_id")).isEqualTo("run-1");
    assertThat(manifest.text("table")).isEqualTo("processed_generations");
    assertThat(manifest.text("file")).isEqualTo(file.getFileName().toString());
    assertThat(manifest.strings("columns")).isEqualTo(COLUMNS);
    assertThat(manifest.text("cutoff_date")).isEqualTo(CRITERIA.defaultCutoff().date().toString());
    assertThat(manifest.number("cutoff_timestamp"))
        .isEqualTo(CRITERIA.defaultCutoff().epochSecond());
    assertThat(manifest.text("retention_policy")).isEqualTo("default=90");
    assertThat(manifest.text("started_at")).isEqualTo(STARTED.toString());
    assertThat(manifest.text("status")).isEqualTo("interrupted");
    assertThat(manifest.number("records")).isEqualTo(3);
    assertThat(manifest.number("records_in_file")).isEqualTo(5);
    assertThat(manifest.number("unconfirmed_records")).isEqualTo(2);
    assertThat(manifest.number("records_missing")).isZero();
    assertThat(manifest.counts("organizations"))
        .isEqualTo(Map.of("org-a", 3L, "org-b", 1L, "org-c", 1L));
    assertThat(manifest.number("bytes")).isEqualTo(bytes.length);
    assertThat(manifest.text("sha256")).isEqualTo(sha256(bytes));
    assertThat(manifest.bool("tail_damaged")).isFalse();
    assertThat(manifest.text("damage")).isNull();
    assertThat(manifest.strings("unknown")).isEmpty();
    assertThat(manifest.text("recovered_at")).isEqualTo(NOW.toString());
    assertThat(recovery.sha256()).hasValue(sha256(bytes));
    assertThat(recovery.note())
        .contains(manifest().getFileName().toString())
        .contains("holds 5 rows, 3 of them confirmed")
        .contains("2 unconfirmed");
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    assertThat(Files.exists(manifest().resolveSibling(manifest().getFileName() + ".tmp")))
        .isFalse();
  }

  @Test
  void aTailCutShortByTheKillIsReportedAndTheFileLeftAsItIs() throws Exception {
    Path file = killedFile();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - 5);
    }
    byte[] bytes = Files.readAllBytes(file);

    InterruptedArchiveFiles.Recovery recovery =
        InterruptedArchiveFiles.recover(marker(3L, "default=90"), NOW).orElseThrow();

    ArchiveManifestFields manifest = ArchiveManifestFields.read(manifest());
    assertThat(manifest.number("records")).isEqualTo(3);
    assertThat(manifest.number("records_in_file")).isEqualTo(3);
    assertThat(manifest.number("unconfirmed_records")).isZero();
    assertThat(manifest.counts("organizations")).isEqualTo(Map.of("org-a", 2L, "org-b", 1L));
    assertThat(manifest.bool("tail_damaged")).isTrue();
    assertThat(manifest.number("intact_bytes")).isLessThan(bytes.length);
    assertThat(manifest.text("damage"))
        .contains("its last " + (bytes.length - manifest.number("intact_bytes")) + " bytes")
        .contains("cut short");
    assertThat(manifest.number("bytes")).isEqualTo(bytes.length);
    assertThat(manifest.text("sha256")).isEqualTo(sha256(bytes));
    assertThat(recovery.note()).contains("cut short");
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void whatTheMarkerDoesNotKnowIsNamedAsUnknown() throws Exception {
    killedFile();
    RunMarkerRow known = marker(null, null);
    // A cutoff date the start and retention do not give: the timestamp cannot be derived.
    RunMarkerRow marker =
        new RunMarkerRow(
            known.runId(),
            known.trigger(),
            known.startedAt(),
            known.updatedAt(),
            30,
            known.cutoffDate(),
            known.recordsBefore(),
            known.recordsDeleted(),
            known.tokens(),
            known.cost(),
            known.batches(),
            null,
            known.organizationBreakdown(),
            known.recordsNotSummed(),
            known.archiveLocation(),
            null);

    InterruptedArchiveFiles.Recovery recovery =
        InterruptedArchiveFiles.recover(marker, NOW).orElseThrow();

    ArchiveManifestFields manifest = ArchiveManifestFields.read(manifest());
    assertThat(manifest.strings("unknown"))
        .containsExactly("cutoff_timestamp", "retention_policy", "records");
    assertThat(manifest.raw("records")).isEqualTo("null");
    assertThat(manifest.raw("cutoff_timestamp")).isEqualTo("null");
    assertThat(manifest.number("records_in_file")).isEqualTo(5);
    assertThat(recovery.note()).contains("does not say how many");
  }

  @Test
  void aManifestThatCannotBeWrittenIsANoteNeverAFailure() throws Exception {
    Path file = killedFile();
    // Root writes anywhere: a directory where the temporary file goes fails for everyone.
    Path temporary = manifest().resolveSibling(manifest().getFileName() + ".tmp");
    Files.createDirectory(temporary);

    InterruptedArchiveFiles.Recovery recovery =
        InterruptedArchiveFiles.recover(marker(3L, "default=90"), NOW).orElseThrow();

    assertThat(Files.exists(manifest())).isFalse();
    assertThat(recovery.sha256()).hasValue(sha256(Files.readAllBytes(file)));
    assertThat(recovery.note()).contains("could not be written").contains("archive_sha256");
  }

  @Test
  void aMissingFileIsANoteAndNoManifest() {
    InterruptedArchiveFiles.Recovery recovery =
        InterruptedArchiveFiles.recover(marker(3L, "default=90"), NOW).orElseThrow();

    assertThat(recovery.sha256()).isEmpty();
    assertThat(recovery.note()).contains("is not there");
    assertThat(Files.exists(manifest())).isFalse();
  }

  @Test
  void theRunsOwnManifestIsKeptAndAnEarlierRecoveryIsWrittenAgain() throws Exception {
    killedFile();
    Files.writeString(manifest(), "{\n  \"status\": \"failed\"\n}\n");

    InterruptedArchiveFiles.Recovery kept =
        InterruptedArchiveFiles.recover(marker(3L, "default=90"), NOW).orElseThrow();

    assertThat(Files.readString(manifest())).isEqualTo("{\n  \"status\": \"failed\"\n}\n");
    assertThat(kept.note()).contains("(status failed) is kept");
    assertThat(kept.sha256()).isPresent();

    Files.writeString(manifest(), "{\n  \"status\": \"interrupted\",\n  \"records\": 1\n}\n");

    InterruptedArchiveFiles.recover(marker(3L, "default=90"), NOW).orElseThrow();

    assertThat(ArchiveManifestFields.read(manifest()).number("records")).isEqualTo(3);
  }

  @Test
  void runsWithoutAFileHaveNothingToRecover() {
    RunMarkerRow file = marker(3L, "default=90");
    RunMarkerRow table =
        new RunMarkerRow(
            file.runId(),
            file.trigger(),
            file.startedAt(),
            file.updatedAt(),
            file.daysRetained(),
            file.cutoffDate(),
            file.recordsBefore(),
            file.recordsDeleted(),
            file.tokens(),
            file.cost(),
            file.batches(),
            file.retentionPolicy(),
            file.organizationBreakdown(),
            file.recordsNotSummed(),
            "table:generations_archive",
            3L);

    assertThat(InterruptedArchiveFiles.recover(table, NOW)).isEmpty();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
