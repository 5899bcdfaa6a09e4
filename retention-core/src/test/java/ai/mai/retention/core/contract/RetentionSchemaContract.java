package ai.mai.retention.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.port.out.SchemaProblemException;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every adapter's {@code RetentionSchema} must do on databases as clients have them: adopt the
 * Python service's audit table with every row and value, create the library's tables where they are
 * missing, refuse a database without the target table or with a mistyped column, and touch nothing
 * it was not asked to. Each adapter's test extends it with its dialect's DDL.
 */
public abstract class RetentionSchemaContract {

  private final List<JdbcTestDatabase> opened = new ArrayList<>();

  /** A new database made by running {@code ddl}, not migrated. */
  protected abstract JdbcTestDatabase unmigrated(String... ddl);

  /** {@code processed_generations} exactly as PRODUCT.md gives it, in this dialect. */
  protected abstract String[] processedGenerationsDdl();

  /** The Python service's {@code processed_generation_cleanup_log} as this database has it. */
  protected abstract String[] legacyCleanupLogDdl();

  /** {@code processed_generations} with {@code processed_at} of a type that is not an integer. */
  protected abstract String[] timestampTypedProcessedAtDdl();

  /** How many migrations a database without the library's tables gets. */
  protected abstract int migrationCount();

  /**
   * The versioned migrations ({@code V<n>__*.sql}) in a class-path folder, counted from its files,
   * so that adding a migration does not change what these tests expect.
   */
  public static int versionedMigrationsIn(String folder) {
    try {
      java.net.URL location = RetentionSchemaContract.class.getClassLoader().getResource(folder);
      if (location == null || !"file".equals(location.getProtocol())) {
        throw new IllegalStateException(
            "migrations folder not on the class path as files: " + folder);
      }
      try (java.util.stream.Stream<java.nio.file.Path> files =
          java.nio.file.Files.list(java.nio.file.Path.of(location.toURI()))) {
        return (int)
            files
                .map(file -> file.getFileName().toString())
                .filter(name -> name.matches("V\\d+__.*\\.sql"))
                .count();
      }
    } catch (java.io.IOException | java.net.URISyntaxException e) {
      throw new IllegalStateException("cannot list " + folder, e);
    }
  }

  /**
   * The library's tables a fresh database has after migrating, besides the audit table: its
   * migration history and the run tables.
   */
  protected abstract List<String> libraryTables();

  @AfterEach
  void closeDatabases() {
    opened.forEach(JdbcTestDatabase::close);
  }

  /**
   * A new database made by running the parts' DDL in order, not migrated; closed after the test.
   */
  protected JdbcTestDatabase database(String[]... parts) {
    List<String> ddl = new ArrayList<>();
    for (String[] part : parts) {
      ddl.addAll(List.of(part));
    }
    JdbcTestDatabase database = unmigrated(ddl.toArray(String[]::new));
    opened.add(database);
    return database;
  }

  /** The target table, the legacy audit table, and three rows as the Python service wrote them. */
  protected JdbcTestDatabase legacyDatabase() {
    JdbcTestDatabase database = database(processedGenerationsDdl(), legacyCleanupLogDdl());
    insertLegacyRow(database, "2026-05-01", "2026-01-31", true, null, 1777593600L, true);
    insertLegacyRow(
        database, "2026-05-02", "2026-02-01", false, "database is locked", 1777680000L, true);
    insertLegacyRow(database, "2026-05-03", null, true, null, 1777766400L, false);
    return database;
  }

  private static void insertLegacyRow(
      JdbcTestDatabase database,
      String cleanupDate,
      String cutoffDate,
      boolean success,
      String error,
      long createdAt,
      boolean withStatistics) {
    database.execute(
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO processed_generation_cleanup_log (cleanup_date, cutoff_date,"
                      + " days_retained, records_before, records_deleted, records_remaining,"
                      + " old_tokens_removed, old_cost_removed, storage_saved_kb,"
                      + " cleanup_duration_seconds, success, error_message, created_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            database.bindDate(insert, 1, LocalDate.parse(cleanupDate));
            if (cutoffDate == null) {
              insert.setNull(2, Types.DATE);
            } else {
              database.bindDate(insert, 2, LocalDate.parse(cutoffDate));
            }
            Object[] statistics =
                success
                    ? new Object[] {90, 14, 8, 6, 330L, 0.004, 0.78, 0.0003}
                    : new Object[] {90, 6, 0, 6, 0L, 0.0, 0.0, 0.0001};
            for (int i = 0; i < statistics.length; i++) {
              if (withStatistics) {
                insert.setObject(3 + i, statistics[i]);
              } else {
                insert.setNull(
                    3 + i, statistics[i] instanceof Double ? Types.DOUBLE : Types.BIGINT);
              }
            }
            insert.setBoolean(11, success);
            insert.setString(12, error);
            insert.setLong(13, createdAt);
            insert.executeUpdate();
          }
          return null;
        });
  }

  private static List<Map<String, Object>> auditRows(JdbcTestDatabase database) {
    return database.rows("SELECT * FROM processed_generation_cleanup_log ORDER BY id");
  }

  @Test
  void migrationAdoptsTheLegacyAuditTableWithEveryRowAndValue() {
    JdbcTestDatabase database = legacyDatabase();
    List<Map<String, Object>> before = auditRows(database);
    assertThat(before).hasSize(3);

    assertThat(database.schema().migrate()).isEqualTo(migrationCount());

    List<Map<String, Object>> after = auditRows(database);
    assertThat(after).hasSize(3);
    for (int i = 0; i < before.size(); i++) {
      Map<String, Object> legacyPart = new LinkedHashMap<>(after.get(i));
      legacyPart.keySet().retainAll(before.get(i).keySet());
      assertThat(legacyPart).isEqualTo(before.get(i));
      assertThat(after.get(i))
          .containsEntry("run_id", null)
          .containsEntry("trigger", null)
          .containsEntry("status", null)
          .containsEntry("organization_breakdown", null);
    }
    assertThat(database.schema().migrate()).as("a second migrate applies nothing").isZero();
    database.schema().verify();
  }

  @Test
  void legacyRowsAreReadableAsJournalEntries() {
    JdbcTestDatabase database = legacyDatabase();
    database.schema().migrate();

    List<JournalEntry> recent = database.journal().recentRuns(10);

    assertThat(recent)
        .extracting(JournalEntry::cleanupDate)
        .containsExactly(
            LocalDate.parse("2026-05-03"),
            LocalDate.parse("2026-05-02"),
            LocalDate.parse("2026-05-01"));
    JournalEntry oldest = recent.get(2);
    assertThat(oldest.success()).isTrue();
    assertThat(oldest.cutoffDate()).isEqualTo(LocalDate.parse("2026-01-31"));
    assertThat(oldest.daysRetained()).isEqualTo(90);
    assertThat(oldest.recordsDeleted()).isEqualTo(8L);
    assertThat(oldest.tokensRemoved()).isEqualTo(330L);
    assertThat(oldest.costRemoved()).isEqualByComparingTo("0.004");
    assertThat(oldest.storageSavedKb()).isEqualTo(0.78);
    assertThat(oldest.createdAt()).isEqualTo(Instant.ofEpochSecond(1777593600));
    assertThat(oldest.runId()).isNull();
    assertThat(oldest.status()).isNull();
    assertThat(recent).allSatisfy(entry -> assertThat(entry.storage()).isEmpty());
    JournalEntry sparse = recent.get(0);
    assertThat(sparse.recordsDeleted()).isNull();
    assertThat(sparse.costRemoved()).isNull();
    assertThat(database.journal().lastFailedRun())
        .map(JournalEntry::errorMessage)
        .hasValue("database is locked");
  }

  /** Health and history read before any migration (they never migrate, to work read-only). */
  @Test
  void legacyRowsAreReadableBeforeTheFirstMigrationWhichReadingDoesNotStart() {
    JdbcTestDatabase database = legacyDatabase();
    List<String> tables = database.tableNames();

    List<JournalEntry> recent = database.journal().recentRuns(10);

    assertThat(recent).hasSize(3);
    assertThat(recent.get(2).recordsDeleted()).isEqualTo(8L);
    assertThat(recent.get(2).runId()).isNull();
    // The storage columns are not there yet: read as NULL, no figures.
    assertThat(recent).allSatisfy(entry -> assertThat(entry.storage()).isEmpty());
    assertThat(database.journal().lastSuccessfulRun()).isPresent();
    assertThat(database.journal().lastFailedRun())
        .map(JournalEntry::errorMessage)
        .hasValue("database is locked");
    assertThat(database.tableNames()).isEqualTo(tables);
  }

  @Test
  void withoutAnAuditTableNothingIsJournaledAndReadingCreatesNone() {
    JdbcTestDatabase database = database(processedGenerationsDdl());
    List<String> tables = database.tableNames();

    assertThat(database.journal().recentRuns(10)).isEmpty();
    assertThat(database.journal().lastSuccessfulRun()).isEmpty();
    assertThat(database.tableNames()).isEqualTo(tables);
  }

  /**
   * Values the Python service's columns can hold that no JournalEntry field can: an infinite cost
   * is shown as unknown, a created_at in epoch milliseconds is read as such (as seconds it would
   * lie thousands of years ahead and keep health green).
   */
  @Test
  void legacyRowsWithAnInfiniteCostOrAMillisecondTimeAreReadForWhatTheyMean() {
    JdbcTestDatabase database = legacyDatabase();
    database.schema().migrate();
    Instant written = Instant.parse("2026-05-04T10:00:00Z");
    database.execute(
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO processed_generation_cleanup_log (cleanup_date, days_retained,"
                      + " records_deleted, old_cost_removed, storage_saved_kb, success, created_at)"
                      + " VALUES (?, 90, 3, ?, ?, ?, ?)")) {
            database.bindDate(insert, 1, LocalDate.parse("2026-05-04"));
            insert.setDouble(2, Double.POSITIVE_INFINITY);
            insert.setDouble(3, Double.NEGATIVE_INFINITY);
            insert.setBoolean(4, true);
            insert.setLong(5, written.toEpochMilli());
            insert.executeUpdate();
          }
          return null;
        });

    JournalEntry newest = database.journal().recentRuns(1).get(0);

    assertThat(newest.createdAt()).isEqualTo(written);
    assertThat(newest.costRemoved()).isNull();
    assertThat(newest.storageSavedKb()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(newest.recordsDeleted()).isEqualTo(3L);
    assertThat(database.journal().lastSuccessfulRun())
        .map(JournalEntry::createdAt)
        .hasValue(written);
  }

  @Test
  void aDatabaseWithoutTheAuditTableGetsTheLibraryTablesAndVerifiesOnlyAfterMigrating() {
    JdbcTestDatabase database = database(processedGenerationsDdl());

    assertThatThrownBy(() -> database.schema().verify())
        .isInstanceOf(SchemaProblemException.class)
        .hasMessageContaining("migrate");
    database.schema().verifyTargetTable();

    assertThat(database.schema().migrate()).isEqualTo(migrationCount());
    assertThat(database.tableNames())
        .contains("processed_generation_cleanup_log")
        .containsAll(libraryTables());
    database.schema().verify();
    assertThat(database.schema().migrate()).isZero();
  }

  @Test
  void aDatabaseWithoutTheTargetTableIsRefusedAndLeftUntouched() {
    JdbcTestDatabase database =
        database(new String[] {"CREATE TABLE chat (id TEXT PRIMARY KEY, title TEXT)"});
    List<String> before = database.tableNames();

    assertThatThrownBy(() -> database.schema().migrate())
        .isInstanceOf(SchemaProblemException.class)
        .hasMessageContaining("processed_generations")
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> database.schema().verify())
        .isInstanceOf(SchemaProblemException.class)
        .hasMessageContaining("processed_generations");
    assertThat(database.tableNames()).isEqualTo(before).containsExactly("chat");
  }

  @Test
  void aTableNamedAlikeButNotEqualDoesNotCount() {
    // '_' is a wildcard in metadata patterns: processedXgenerations must not pass for it.
    JdbcTestDatabase database =
        database(
            new String[] {
              processedGenerationsDdl()[0].replace("processed_generations", "processedXgenerations")
            });

    assertThatThrownBy(() -> database.schema().migrate())
        .isInstanceOf(SchemaProblemException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void aMissingColumnIsNamed() {
    JdbcTestDatabase database =
        database(
            new String[] {
              "CREATE TABLE processed_generations (id TEXT PRIMARY KEY, client_org_id TEXT NOT"
                  + " NULL, processed_at BIGINT NOT NULL, total_cost FLOAT NOT NULL)"
            });

    assertThatThrownBy(() -> database.schema().migrate())
        .isInstanceOf(SchemaProblemException.class)
        .hasMessageContaining("total_tokens");
    assertThat(database.tableNames()).containsExactly("processed_generations");
  }

  @Test
  void aWronglyTypedColumnIsNamedAndNothingIsCreated() {
    JdbcTestDatabase database = database(timestampTypedProcessedAtDdl());

    assertThatThrownBy(() -> database.schema().verifyTargetTable())
        .isInstanceOf(SchemaProblemException.class)
        .hasMessageContaining("processed_at");
    assertThatThrownBy(() -> database.schema().migrate())
        .isInstanceOf(SchemaProblemException.class)
        .hasMessageContaining("processed_at");
    assertThat(database.tableNames()).containsExactly("processed_generations");
  }
}
