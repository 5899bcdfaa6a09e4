package ai.mai.retention.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * health, history and dry runs only read: they never migrate or write (not even SQLite's journal
 * mode), so they work on a read-only file, with a SELECT-only PostgreSQL user, and on a database
 * the Python service left before the first migration, whose rows they judge.
 */
class ReadOnlyCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;

  /** The file's bytes and modification time, and the directory's entries. */
  private record FileState(byte[] bytes, FileTime modified, List<String> entries) {
    static FileState of(Path file) throws Exception {
      try (Stream<Path> list = Files.list(file.getParent())) {
        return new FileState(
            Files.readAllBytes(file),
            Files.getLastModifiedTime(file),
            list.map(path -> path.getFileName().toString()).sorted().toList());
      }
    }

    void assertUnchanged(FileState after) {
      assertThat(Arrays.equals(bytes, after.bytes)).as("the file's bytes are unchanged").isTrue();
      assertThat(after.modified).isEqualTo(modified);
      assertThat(after.entries).isEqualTo(entries);
    }

    /**
     * A reader of a WAL database goes through its {@code -shm} index, which SQLite creates where it
     * can (mAI's own connections keep it while they run); the database file stays as it was and the
     * {@code -wal} stays empty.
     */
    void assertUnchangedButTheWalIndex(FileState after, Path file) throws Exception {
      assertThat(Arrays.equals(bytes, after.bytes)).as("the file's bytes are unchanged").isTrue();
      assertThat(after.modified).isEqualTo(modified);
      String name = file.getFileName().toString();
      assertThat(after.entries).containsAll(entries);
      assertThat(after.entries).isSubsetOf(List.of(name, name + "-shm", name + "-wal"));
      Path wal = file.resolveSibling(name + "-wal");
      assertThat(Files.exists(wal) ? Files.size(wal) : 0L)
          .as("nothing written to the WAL")
          .isZero();
    }
  }

  private static LegacySqliteDatabase pythonServiceDatabase(Path file, long lastSuccessAgoSeconds) {
    LegacySqliteDatabase database = LegacySqliteDatabase.create(file, true, true);
    database.insert("old", "org-a", Instant.now().minusSeconds(200 * 86_400L), 0.5, 10);
    database.insert("new", "org-a", Instant.now(), 0.5, 10);
    long finished = Instant.now().getEpochSecond() - lastSuccessAgoSeconds;
    database.execute(
        "INSERT INTO processed_generation_cleanup_log (cleanup_date, cutoff_date, days_retained,"
            + " records_before, records_deleted, records_remaining, old_tokens_removed,"
            + " old_cost_removed, storage_saved_kb, cleanup_duration_seconds, success,"
            + " error_message, created_at) VALUES (date("
            + finished
            + ", 'unixepoch'), '2025-01-01', 90, 10, 4, 6, 40, 0.01, 0.4, 0.02, 1, NULL, "
            + finished
            + ")");
    return database;
  }

  @Test
  void onThePythonServicesDatabaseHealthHistoryAndDryRunJudgeItsRowsAndChangeNoByte()
      throws Exception {
    LegacySqliteDatabase database = pythonServiceDatabase(directory.resolve("webui.db"), 3_600);
    FileState before = FileState.of(database.file);
    Map<String, String> environment = Map.of("RETENTION_DB_URL", database.url());

    AppRun health = AppRun.of(environment, "health", "--json");
    AppRun history = AppRun.of(environment, "history", "--json");
    AppRun dryRun = AppRun.of(environment, "cleanup", "--dry-run");
    AppRun strictHealth = AppRun.of(environment, "health", "--max-age", "30m");

    assertThat(health.exitCode()).as(health.toString()).isZero();
    JsonNode report = JSON.readTree(health.out());
    assertThat(report.get("healthy").asBoolean()).isTrue();
    assertThat(report.at("/last_success/records_deleted").asLong()).isEqualTo(4);
    assertThat(report.at("/last_success/run_id").isNull()).isTrue();
    assertThat(report.at("/last_failure/error_message").asText()).isEqualTo("database is locked");
    assertThat(history.exitCode()).as(history.toString()).isZero();
    assertThat(JSON.readTree(history.out())).hasSize(3);
    assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
    assertThat(dryRun.out()).contains("would");
    assertThat(strictHealth.exitCode()).as(strictHealth.toString()).isEqualTo(1);
    before.assertUnchanged(FileState.of(database.file));
    assertThat(database.tables()).doesNotContain("retention_schema_history", "retention_run");
  }

  @Test
  void aDatabaseWithoutAnAuditTableIsUnhealthyAndStaysUntouched() throws Exception {
    LegacySqliteDatabase database =
        LegacySqliteDatabase.create(directory.resolve("webui.db"), true, false);
    FileState before = FileState.of(database.file);

    AppRun health = AppRun.of(Map.of("RETENTION_DB_URL", database.url()), "health");
    AppRun history = AppRun.of(Map.of("RETENTION_DB_URL", database.url()), "history");

    assertThat(health.exitCode()).as(health.toString()).isEqualTo(1);
    assertThat(health.out()).contains("no successful cleanup has been journaled");
    assertThat(history.exitCode()).as(history.toString()).isZero();
    before.assertUnchanged(FileState.of(database.file));
  }

  @Test
  void healthWorksOnAReadOnlyWalFileAndChangesNoByte() throws Exception {
    LegacySqliteDatabase database =
        pythonServiceDatabase(directory.resolve("webui.db"), 200 * 86_400L);
    Map<String, String> environment = Map.of("RETENTION_DB_URL", database.url());
    AppRun cleanup = AppRun.of(environment, "cleanup");
    assertThat(cleanup.exitCode()).as(cleanup.toString()).isZero();
    assertThat(database.strings("PRAGMA journal_mode")).containsExactly("wal");
    // Read-only for everyone; as root the permissions stop nothing, which is why the app opens
    // the file read-only itself, and why bytes and time are compared below.
    Files.setPosixFilePermissions(database.file, PosixFilePermissions.fromString("r--r--r--"));
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      FileState before = FileState.of(database.file);

      AppRun health = AppRun.of(environment, "health", "--json");
      AppRun history = AppRun.of(environment, "history");
      AppRun dryRun = AppRun.of(environment, "cleanup", "--dry-run");

      assertThat(health.exitCode()).as(health.toString()).isZero();
      assertThat(JSON.readTree(health.out()).at("/last_success/status").asText())
          .isEqualTo("succeeded");
      assertThat(history.exitCode()).as(history.toString()).isZero();
      assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
      before.assertUnchangedButTheWalIndex(FileState.of(database.file), database.file);
    } finally {
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(database.file, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  @Test
  void aDryRunLeavesARollbackJournalDatabaseInItsJournalMode() throws Exception {
    LegacySqliteDatabase database = pythonServiceDatabase(directory.resolve("webui.db"), 3_600);
    FileState before = FileState.of(database.file);

    AppRun dryRun = AppRun.of(Map.of("RETENTION_DB_URL", database.url()), "cleanup", "--dry-run");

    assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
    before.assertUnchanged(FileState.of(database.file));
    assertThat(database.strings("PRAGMA journal_mode")).containsExactly("delete");
  }

  @Test
  void onPostgresqlASelectOnlyUserGetsHealthHistoryAndADryRun() throws Exception {
    String database = PostgresTestDatabases.legacy();
    Map<String, String> owner = PostgresTestDatabases.as(database, PostgresServer.USER);
    AppRun cleanup = AppRun.of(owner, "cleanup");
    assertThat(cleanup.exitCode()).as(cleanup.toString()).isZero();
    String reader = PostgresTestDatabases.selectOnlyUser(database);
    List<String> tables = PostgresTestDatabases.tables(database);
    long auditRows =
        PostgresServer.queryForLong(
            database, "SELECT count(*) FROM processed_generation_cleanup_log");
    Map<String, String> readOnly = PostgresTestDatabases.as(database, reader);

    AppRun health = AppRun.of(readOnly, "health", "--json");
    AppRun history = AppRun.of(readOnly, "history");
    AppRun dryRun = AppRun.of(readOnly, "cleanup", "--dry-run");
    AppRun refused = AppRun.of(readOnly, "cleanup");

    assertThat(health.exitCode()).as(health.toString()).isZero();
    assertThat(JSON.readTree(health.out()).get("healthy").asBoolean()).isTrue();
    assertThat(history.exitCode()).as(history.toString()).isZero();
    assertThat(history.out()).contains("succeeded");
    assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
    assertThat(refused.exitCode()).as("a real run needs write access").isNotZero();
    assertThat(PostgresTestDatabases.tables(database)).isEqualTo(tables);
    assertThat(
            PostgresServer.queryForLong(
                database, "SELECT count(*) FROM processed_generation_cleanup_log"))
        .isEqualTo(auditRows);
  }

  @Test
  void onAPostgresqlDatabaseThePythonServiceLeftHealthJudgesItsRowsAndCreatesNothing()
      throws Exception {
    String database = PostgresTestDatabases.legacy();
    List<String> tables = PostgresTestDatabases.tables(database);
    Map<String, String> owner =
        new HashMap<>(PostgresTestDatabases.as(database, PostgresServer.USER));

    AppRun stale = AppRun.of(owner, "health", "--json");
    PostgresServer.execute(
        database,
        "INSERT INTO processed_generation_cleanup_log (cleanup_date, cutoff_date, days_retained,"
            + " records_before, records_deleted, records_remaining, old_tokens_removed,"
            + " old_cost_removed, storage_saved_kb, cleanup_duration_seconds, success,"
            + " error_message, created_at) VALUES (current_date, '2025-01-01', 90, 10, 4, 6, 40,"
            + " 0.01, 0.4, 0.02, true, NULL, extract(epoch from now())::bigint - 600)");
    AppRun fresh = AppRun.of(owner, "health", "--json");

    assertThat(stale.exitCode()).as(stale.toString()).isEqualTo(1);
    assertThat(JSON.readTree(stale.out()).at("/last_success/cleanup_date").asText())
        .isEqualTo("2025-07-25");
    assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
    assertThat(JSON.readTree(fresh.out()).at("/last_success/records_deleted").asLong())
        .isEqualTo(4);
    assertThat(PostgresTestDatabases.tables(database)).isEqualTo(tables);
  }
}
