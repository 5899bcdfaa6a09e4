package ai.mai.retention.core.contract;

import static ai.mai.retention.core.contract.ContractClock.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.ArchiveReport;
import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.CleanupGuards;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.OrganizationTotals;
import ai.mai.retention.core.domain.RetentionPolicy;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.domain.TableSnapshot;
import ai.mai.retention.core.port.in.CleanupRequest;
import ai.mai.retention.core.port.out.CleanupListener;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import ai.mai.retention.core.port.out.RowArchive;
import ai.mai.retention.core.service.RunCleanupService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive over one adapter's real database ({@code CLEANUP_ARCHIVE}): every deleted row kept
 * exactly as stored, before it is deleted, in a run's gzip'd CSV file (loaded back with the
 * database's own tool, the table equals what it was) or in an archive table (exactly once), and a
 * run refused or stopped when the archive cannot take its rows.
 */
public abstract class RowArchiveContract {

  /** Small batches, so that a run has many and a failure can come between them. */
  protected static final int BATCH = 300;

  @TempDir protected Path archiveDirectory;

  protected JdbcTestDatabase database;

  protected abstract JdbcTestDatabase openDatabase();

  /** The adapter's {@code file:} archive of {@code processed_generations} in {@code directory}. */
  protected abstract RowArchive fileArchive(Path directory);

  /**
   * The same, on files that fail with "No space left on device" once {@code bytes} bytes were
   * written to them, as a disk that fills up.
   */
  protected abstract RowArchive fileArchiveFailingAfter(Path directory, long bytes);

  /** The adapter's {@code table:} archive into {@code table}, its table created (migrated). */
  protected abstract RowArchive tableArchive(String table);

  /**
   * Loads a run's archive file back into {@code processed_generations} with the database's own tool
   * ({@code sqlite3 .import}, {@code psql \copy}), as the README shows.
   */
  protected abstract void loadBack(Path archiveFile) throws Exception;

  @BeforeEach
  void open() {
    database = openDatabase();
  }

  @AfterEach
  void closeDatabase() {
    database.close();
  }

  protected RunCleanupService service(RowArchive archive) {
    return new RunCleanupService(
            database.store(),
            database.journal(),
            database.lock(),
            CleanupListener.NONE,
            Clock.fixed(NOW, ZoneOffset.UTC))
        .withArchive(archive);
  }

  /** 30 days' retention over rows spread across 180 days, in batches of {@link #BATCH}. */
  protected static CleanupRequest thirtyDays() {
    return new CleanupRequest(
        RetentionPolicy.ofDays(30),
        CleanupTrigger.MANUAL,
        false,
        OptionalInt.of(BATCH),
        CleanupGuards.DEFAULT,
        null);
  }

  /** Sample rows plus expired rows whose values a careless archive would change. */
  protected void insertRows() {
    database.insert(ExpiredRecordStoreContract.sampleRows(3_000, 41));
    long old = ContractClock.daysAgo(100).getEpochSecond();
    database.run(
        insert("exact-1", "org-1", old, "0.30000000000000004", "7"),
        insert("exact-2", "org-1", old, "1.0E-7", "8"),
        insert("exact-3", "org-2", old, "123456.78901234567", "9"),
        insert("exact-4", "org-2", old, "0.0", "0"),
        insert("quoted,\"id\"", "org,\"odd\"", old, "0.25", "10"),
        insert("line\nbreak", "org-3", old, "0.5", "11"));
    int i = 0;
    for (String[] values : database.unsummableValues()) {
      database.run(
          "INSERT INTO processed_generations (id, client_org_id, generation_date, processed_at,"
              + " total_cost, total_tokens) VALUES ('odd-"
              + i++
              + "', 'org-4', '2026-02-01', "
              + old
              + ", "
              + values[0]
              + ", "
              + values[1]
              + ")");
    }
  }

  private static String insert(String id, String org, long at, String cost, String tokens) {
    return "INSERT INTO processed_generations (id, client_org_id, generation_date, processed_at,"
        + " total_cost, total_tokens) VALUES ("
        + literal(id)
        + ", "
        + literal(org)
        + ", '2026-02-21', "
        + at
        + ", "
        + cost
        + ", "
        + tokens
        + ")";
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  protected List<Map<String, Object>> table() {
    return database.rows("SELECT * FROM processed_generations ORDER BY id");
  }

  @Test
  void aFileHoldsEveryDeletedRowAsStoredAndLoadsBackIntoTheSameTable() throws Exception {
    insertRows();
    List<Map<String, Object>> before = table();

    CleanupReport report = service(fileArchive(archiveDirectory)).runCleanup(thirtyDays());

    assertThat(report.status()).as(String.valueOf(report.error())).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.batches()).isGreaterThan(3);
    ArchiveReport archive = report.archive().orElseThrow();
    assertThat(archive.problem()).isEmpty();
    assertThat(archive.records()).isEqualTo(report.recordsDeleted());
    assertThat(archive.unconfirmedRecords()).isZero();
    Path file = Path.of(archive.location().orElseThrow().substring("file:".length()));
    assertThat(file.getParent()).isEqualTo(archiveDirectory);
    assertThat(file.getFileName().toString())
        .isEqualTo(
            "processed_generations_" + report.cutoff().date() + "_" + report.runId() + ".csv.gz");
    List<List<String>> lines = csv(file);
    assertThat(lines.get(0)).containsExactly(columnNames(before));
    assertThat(lines).hasSize(1 + (int) report.recordsDeleted());
    assertThat(lines.stream().skip(1).map(line -> line.get(0)))
        .doesNotHaveDuplicates()
        .contains("exact-1", "quoted,\"id\"", "line\nbreak");
    // Money as stored: the shortest decimal of each double, never rounded to 15 digits.
    assertThat(lines.stream().filter(line -> line.get(0).equals("exact-1")).findFirst())
        .hasValueSatisfying(line -> assertThat(line.get(4)).isEqualTo("0.30000000000000004"));

    loadBack(file);

    assertLoadedBack(table(), before);
  }

  /** The table after {@link #loadBack}: the table as it was before the run. */
  protected void assertLoadedBack(
      List<Map<String, Object>> actual, List<Map<String, Object>> expected) throws Exception {
    assertSameRows(actual, expected);
  }

  /** Equal, row by row; a difference is shown as the rows that differ, not two whole tables. */
  protected static void assertSameRows(
      List<Map<String, Object>> actual, List<Map<String, Object>> expected) {
    List<Map<String, Object>> missing = new ArrayList<>(expected);
    missing.removeAll(actual);
    List<Map<String, Object>> extra = new ArrayList<>(actual);
    extra.removeAll(expected);
    assertThat(extra).as("rows that are not as they were (missing: %s)", missing).isEmpty();
    assertThat(missing).isEmpty();
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void theManifestAndTheAuditRowSayWhereTheRowsWentAndHowMany() throws Exception {
    insertRows();

    CleanupReport report = service(fileArchive(archiveDirectory)).runCleanup(thirtyDays());

    ArchiveReport archive = report.archive().orElseThrow();
    Path file = Path.of(archive.location().orElseThrow().substring("file:".length()));
    String sha256 =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    assertThat(archive.sha256()).hasValue(sha256);
    Path manifest = Path.of(archive.manifest().orElseThrow());
    assertThat(manifest.getFileName().toString())
        .isEqualTo(file.getFileName().toString().replace(".csv.gz", ".manifest.json"));
    String json = Files.readString(manifest);
    assertThat(json)
        .contains("\"run_id\": \"" + report.runId() + "\"")
        .contains("\"records\": " + report.recordsDeleted())
        .contains("\"sha256\": \"" + sha256 + "\"")
        .contains("\"retention_policy\": \"" + report.criteria().describe() + "\"")
        .contains("\"status\": \"succeeded\"");
    for (Map.Entry<String, OrganizationTotals> org : report.deleted().byOrganization().entrySet()) {
      assertThat(json).contains(jsonString(org.getKey()) + ":" + org.getValue().records());
    }
    try (Stream<Path> files = Files.list(archiveDirectory)) {
      assertThat(files.map(path -> path.getFileName().toString()))
          .containsExactlyInAnyOrder(
              file.getFileName().toString(), manifest.getFileName().toString());
    }
    Map<String, Object> audit = auditRow(report.runId());
    assertThat(audit.get("archive_location")).isEqualTo("file:" + file);
    assertThat(((Number) audit.get("archive_records")).longValue())
        .isEqualTo(report.recordsDeleted());
    assertThat(audit.get("archive_sha256")).isEqualTo(sha256);
    assertThat(((Number) audit.get("records_left")).longValue()).isZero();
  }

  private static String jsonString(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Test
  void aTableGetsEveryDeletedRowExactlyOnceWithItsRun() {
    insertRows();
    List<Map<String, Object>> before = table();
    RowArchive archive = tableArchive("generations_archive");

    CleanupReport first = service(archive).runCleanup(thirtyDays());
    CleanupReport second = service(archive).runCleanup(thirtyDays());

    assertThat(first.status()).as(String.valueOf(first.error())).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(first.archive().orElseThrow().records()).isEqualTo(first.recordsDeleted());
    assertThat(first.archive().orElseThrow().location()).hasValue("table:generations_archive");
    assertThat(second.recordsDeleted()).isZero();
    List<Map<String, Object>> archived =
        database.rows("SELECT * FROM generations_archive ORDER BY id");
    assertThat(archived).hasSize((int) first.recordsDeleted());
    assertThat(archived)
        .allSatisfy(row -> assertThat(row.get("archive_run_id")).isEqualTo(first.runId()));
    // The archive table plus what is left is the table as it was, value for value.
    List<Map<String, Object>> together = new ArrayList<>(table());
    for (Map<String, Object> row : archived) {
      Map<String, Object> values = new java.util.LinkedHashMap<>(row);
      values.remove("archive_run_id");
      together.add(values);
    }
    together.sort(java.util.Comparator.comparing(row -> String.valueOf(row.get("id"))));
    List<Map<String, Object>> expected = new ArrayList<>(before);
    expected.sort(java.util.Comparator.comparing(row -> String.valueOf(row.get("id"))));
    assertSameRows(together, expected);
    Map<String, Object> audit = auditRow(first.runId());
    assertThat(audit.get("archive_location")).isEqualTo("table:generations_archive");
    assertThat(((Number) audit.get("archive_records")).longValue())
        .isEqualTo(first.recordsDeleted());
  }

  @Test
  void aMissingArchiveTableRefusesTheRunBeforeItDeletesAnything() {
    insertRows();
    List<Map<String, Object>> before = table();
    RowArchive archive = tableArchive("generations_archive");
    database.run("DROP TABLE generations_archive");

    CleanupReport report = service(archive).runCleanup(thirtyDays());

    assertThat(report.status()).isEqualTo(RunStatus.REFUSED);
    assertThat(report.error()).contains("generations_archive").contains("does not exist");
    assertThat(report.recordsDeleted()).isZero();
    assertThat(table()).isEqualTo(before);
    Map<String, Object> audit = auditRow(report.runId());
    assertThat(audit.get("archive_location")).isEqualTo("table:generations_archive");
  }

  @Test
  void aMissingDirectoryRefusesTheRunBeforeItDeletesAnythingAndIsJournaled() {
    insertRows();
    List<Map<String, Object>> before = table();
    Path missing = archiveDirectory.resolve("not-there");

    CleanupReport report = service(fileArchive(missing)).runCleanup(thirtyDays());

    assertThat(report.status()).isEqualTo(RunStatus.REFUSED);
    assertThat(report.error()).contains(missing.toString()).contains("does not exist");
    assertThat(report.recordsDeleted()).isZero();
    assertThat(table()).isEqualTo(before);
    assertThat(Files.exists(missing)).isFalse();
    assertThat(
            database.queryForLong(
                "SELECT count(*) FROM processed_generation_cleanup_log WHERE run_id = '"
                    + report.runId()
                    + "' AND status = 'refused'"))
        .isEqualTo(1);
  }

  @Test
  void aDiskFillingUpMidRunStopsBetweenBatchesWithEveryDeletedRowInTheFile() throws Exception {
    insertRows();
    List<Map<String, Object>> before = table();

    // About four batches' worth of compressed rows, then "No space left on device".
    CleanupReport report =
        service(fileArchiveFailingAfter(archiveDirectory, 40_000)).runCleanup(thirtyDays());

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.error()).contains("No space left on device").contains("rolled back");
    assertThat(report.recordsDeleted()).isPositive().isLessThan(report.recordsExpired());
    ArchiveReport archive = report.archive().orElseThrow();
    assertThat(archive.records()).isEqualTo(report.recordsDeleted());
    Path file = Path.of(archive.location().orElseThrow().substring("file:".length()));
    List<List<String>> lines = csv(file);
    assertThat(lines).hasSize(1 + (int) report.recordsDeleted());
    // Every row gone from the table is in the file; the failed batch's rows are still in the table.
    List<String> gone = new ArrayList<>();
    for (Map<String, Object> row : before) {
      gone.add(String.valueOf(row.get("id")));
    }
    gone.removeAll(database.remainingIds());
    assertThat(lines.stream().skip(1).map(line -> line.get(0)))
        .containsExactlyInAnyOrderElementsOf(gone);
    Map<String, Object> audit = auditRow(report.runId());
    assertThat(((Number) audit.get("records_deleted")).longValue())
        .isEqualTo(report.recordsDeleted());
    assertThat(((Number) audit.get("archive_records")).longValue())
        .isEqualTo(report.recordsDeleted());

    loadBack(file);

    assertLoadedBack(table(), before);
  }

  /** A run killed by {@code kill -9}: its file, and the rows its marker counts as deleted. */
  protected record KilledRun(String runId, String location, Path file, long confirmed) {}

  /**
   * Runs {@code batches} batches of a run the way the service does (each with its checkpoint), then
   * leaves it as {@code kill -9} would: no finish, no audit row, its marker in place. With {@code
   * inFlightRows}, the batch being written when it was killed: that many expired rows, still in the
   * table, made durable in the file before a commit that never came.
   */
  protected KilledRun killRun(String runId, int batches, int inFlightRows) {
    CleanupCriteria criteria = RetentionPolicy.ofDays(30).criteriaAt(NOW);
    database
        .journal()
        .recordStart(runReport(runId, criteria, 0, 0, OrganizationBreakdown.EMPTY, 0));
    TableSnapshot snapshot = database.store().inspect(criteria);
    RowArchive.Writer writer =
        fileArchive(archiveDirectory)
            .open(new RowArchive.Run(runId, criteria, snapshot.expiredRecords()));
    OrganizationBreakdown[] deleted = {OrganizationBreakdown.EMPTY};
    int[] done = {0};
    try (ExpiredRecordStore.Sweep sweep =
        database
            .store()
            .openSweep(
                criteria,
                snapshot,
                OptionalInt.of(BATCH),
                batch ->
                    Optional.of(
                        runReport(
                                runId,
                                criteria,
                                snapshot.totalRecords(),
                                snapshot.expiredRecords(),
                                deleted[0].plus(batch),
                                done[0] + 1)
                            .withArchive(writer.progress(batch.records()))),
                writer)) {
      while (done[0] < batches) {
        OrganizationBreakdown batch = sweep.deleteNextBatch().orElseThrow();
        writer.batchCommitted(batch.records());
        deleted[0] = deleted[0].plus(batch);
        done[0]++;
      }
    }
    String location = writer.progress(0).location().orElseThrow();
    if (inFlightRows > 0) {
      List<Map<String, Object>> next =
          database.rows(
              "SELECT * FROM processed_generations WHERE processed_at < "
                  + criteria.defaultCutoff().epochSecond()
                  + " ORDER BY id LIMIT "
                  + inFlightRows);
      RowArchive.RowSink sink = writer.startBatch(new ArrayList<>(next.get(0).keySet()));
      for (Map<String, Object> row : next) {
        sink.row(
            row.values().stream()
                .map(v -> v == null ? null : String.valueOf(v))
                .toArray(String[]::new));
      }
      writer.makeDurable();
    }
    writer.close();
    return new KilledRun(
        runId, location, Path.of(location.substring("file:".length())), deleted[0].records());
  }

  private static CleanupReport runReport(
      String runId,
      CleanupCriteria criteria,
      long before,
      long expired,
      OrganizationBreakdown deleted,
      int batches) {
    return new CleanupReport(
        runId,
        CleanupTrigger.SCHEDULED,
        RunStatus.SUCCEEDED,
        false,
        criteria,
        NOW,
        java.time.Duration.ofSeconds(batches),
        before,
        expired,
        before - deleted.records(),
        deleted,
        batches,
        null);
  }

  @Test
  void aRunFoundInterruptedIsJournaledWithItsArchiveAsItsMarkerLastCountedIt() throws Exception {
    insertRows();
    KilledRun killed = killRun("killed-run", 1, 0);

    List<JournalEntry> closed = database.journal().closeInterruptedRuns(NOW.plusSeconds(60));

    assertThat(closed).hasSize(1);
    assertThat(closed.get(0).status()).isEqualTo("interrupted");
    assertThat(closed.get(0).archiveLocation()).isEqualTo(killed.location());
    assertThat(closed.get(0).archiveRecords()).isEqualTo(killed.confirmed());
    List<List<String>> lines = csv(killed.file());
    assertThat(lines).hasSize(1 + (int) killed.confirmed());
    // The manifest it never wrote, from its marker and the file as it stands.
    ArchiveManifestFields manifest = ArchiveManifestFields.read(manifestOf(killed.file()));
    assertThat(manifest.text("run_id")).isEqualTo("killed-run");
    assertThat(manifest.text("status")).isEqualTo("interrupted");
    assertThat(manifest.text("retention_policy")).isEqualTo("default=30");
    assertThat(manifest.number("cutoff_timestamp"))
        .isEqualTo(RetentionPolicy.ofDays(30).criteriaAt(NOW).defaultCutoff().epochSecond());
    assertThat(manifest.number("records")).isEqualTo(killed.confirmed());
    assertThat(manifest.number("records_in_file")).isEqualTo(killed.confirmed());
    assertThat(manifest.number("unconfirmed_records")).isZero();
    assertThat(manifest.counts("organizations")).isEqualTo(perOrganization(lines));
    assertThat(manifest.strings("columns")).isEqualTo(lines.get(0));
    assertThat(manifest.bool("tail_damaged")).isFalse();
    assertThat(manifest.strings("unknown")).isEmpty();
    String sha256 = sha256(killed.file());
    assertThat(manifest.text("sha256")).isEqualTo(sha256);
    assertThat(manifest.number("bytes")).isEqualTo(Files.size(killed.file()));
    Map<String, Object> audit = auditRow("killed-run");
    assertThat(audit.get("archive_sha256")).isEqualTo(sha256);
    assertThat(closed.get(0).note())
        .isEqualTo(audit.get("note"))
        .contains(manifestOf(killed.file()).getFileName().toString() + " written");
  }

  @Test
  void theNextRunWritesAKilledRunsManifestWithTheBatchInFlightAndADamagedTail() throws Exception {
    insertRows();
    KilledRun cut = killRun("killed-mid-write", 2, 5);
    KilledRun intact = killRun("killed-with-batch-in-flight", 3, 7);
    // A kill while the batch's member was being written: its end never reached the disk.
    try (java.nio.channels.FileChannel channel =
        java.nio.channels.FileChannel.open(cut.file(), java.nio.file.StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - 3);
    }
    byte[] cutBytes = Files.readAllBytes(cut.file());
    byte[] intactBytes = Files.readAllBytes(intact.file());

    CleanupReport next = service(fileArchive(archiveDirectory)).runCleanup(thirtyDays());

    assertThat(next.status()).as(String.valueOf(next.error())).isEqualTo(RunStatus.SUCCEEDED);
    // The batch in flight: 7 rows in the file its marker does not confirm; they stayed in the
    // table, and the next run deleted and archived them again.
    List<List<String>> lines = csv(intact.file());
    ArchiveManifestFields first = ArchiveManifestFields.read(manifestOf(intact.file()));
    assertThat(first.number("records")).isEqualTo(intact.confirmed()).isPositive();
    assertThat(first.number("records_in_file"))
        .isEqualTo(lines.size() - 1)
        .isEqualTo(intact.confirmed() + 7);
    assertThat(first.number("unconfirmed_records")).isEqualTo(7);
    assertThat(first.counts("organizations")).isEqualTo(perOrganization(lines));
    assertThat(first.text("sha256")).isEqualTo(sha256(intact.file()));
    assertThat(first.bool("tail_damaged")).isFalse();
    List<String> unconfirmed =
        lines.subList(lines.size() - 7, lines.size()).stream().map(line -> line.get(0)).toList();
    Path nextFile =
        Path.of(next.archive().orElseThrow().location().orElseThrow().substring("file:".length()));
    assertThat(csv(nextFile).stream().map(line -> line.get(0))).containsAll(unconfirmed);
    assertThat(database.remainingIds()).doesNotContainAnyElementsOf(unconfirmed);
    // A tail cut short: its readable rows, the damage named, the file as it was.
    ArchiveManifestFields second = ArchiveManifestFields.read(manifestOf(cut.file()));
    assertThat(second.number("records")).isEqualTo(cut.confirmed()).isPositive();
    assertThat(second.number("records_in_file")).isEqualTo(cut.confirmed());
    assertThat(second.number("unconfirmed_records")).isZero();
    assertThat(second.bool("tail_damaged")).isTrue();
    assertThat(second.text("damage")).contains("cut short");
    assertThat(second.number("intact_bytes")).isLessThan(cutBytes.length);
    assertThat(second.number("bytes")).isEqualTo(cutBytes.length);
    assertThat(second.text("sha256")).isEqualTo(sha256(cut.file()));
    assertThat(Files.readAllBytes(cut.file())).isEqualTo(cutBytes);
    assertThat(Files.readAllBytes(intact.file())).isEqualTo(intactBytes);
    assertThat(auditRow(cut.runId()).get("note").toString()).contains("cut short");
    assertThat(auditRow(cut.runId()).get("archive_sha256")).isEqualTo(sha256(cut.file()));
    assertThat(auditRow(intact.runId()).get("note").toString()).contains("7 unconfirmed");
  }

  @Test
  void aKilledRunsManifestThatCannotBeWrittenDoesNotStopTheNextRun() throws Exception {
    insertRows();
    KilledRun killed = killRun("killed-run", 2, 0);
    Path manifest = manifestOf(killed.file());
    // Tests run as root, who writes anywhere: a directory where the manifest's temporary file
    // goes fails for everyone.
    Files.createDirectory(manifest.resolveSibling(manifest.getFileName() + ".tmp"));

    CleanupReport next = service(fileArchive(archiveDirectory)).runCleanup(thirtyDays());

    assertThat(next.status()).as(String.valueOf(next.error())).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(next.recordsDeleted()).isPositive();
    assertThat(Files.exists(manifest)).isFalse();
    Map<String, Object> audit = auditRow(killed.runId());
    assertThat(audit.get("note").toString()).contains("could not be written");
    assertThat(audit.get("archive_sha256")).isEqualTo(sha256(killed.file()));
    assertThat(((Number) audit.get("records_deleted")).longValue()).isEqualTo(killed.confirmed());
  }

  /** The manifest's path beside an archive file. */
  protected static Path manifestOf(Path file) {
    return file.resolveSibling(file.getFileName().toString().replace(".csv.gz", ".manifest.json"));
  }

  protected static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  protected Map<String, Object> auditRow(String runId) {
    List<Map<String, Object>> rows =
        database.rows(
            "SELECT records_deleted, archive_location, archive_records, archive_sha256,"
                + " records_left, note FROM processed_generation_cleanup_log WHERE run_id = '"
                + runId
                + "'");
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  private static String[] columnNames(List<Map<String, Object>> rows) {
    return rows.get(0).keySet().toArray(String[]::new);
  }

  /** The file's lines (header first), each as its fields; a NULL reads as null. */
  protected static List<List<String>> csv(Path gzipFile) {
    try {
      return csv(Files.readAllBytes(gzipFile));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines of a file's bytes (header first), each as its fields; a NULL reads as null. */
  static List<List<String>> csv(byte[] gzipBytes) {
    String text;
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzipBytes))) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      text = bytes.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<List<String>> lines = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',' || c == '\n') {
        fields.add(field.length() == 0 && !wasQuoted ? null : field.toString());
        field.setLength(0);
        wasQuoted = false;
        if (c == '\n') {
          lines.add(fields);
          fields = new ArrayList<>();
        }
      } else {
        field.append(c);
      }
    }
    return lines;
  }

  /** Rows per organization in a file's lines (header skipped). */
  protected static Map<String, Long> perOrganization(List<List<String>> lines) {
    Map<String, Long> counts = new TreeMap<>();
    lines.stream().skip(1).forEach(line -> counts.merge(line.get(1), 1L, Long::sum));
    return counts;
  }
}
