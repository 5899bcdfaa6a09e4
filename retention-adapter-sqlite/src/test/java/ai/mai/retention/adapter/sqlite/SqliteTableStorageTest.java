package ai.mai.retention.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.contract.ExpiredRecordStoreContract;
import ai.mai.retention.core.contract.JdbcTestDatabase;
import ai.mai.retention.core.contract.TableStorageContract;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.domain.StorageFigures;
import ai.mai.retention.core.domain.StorageReport;
import ai.mai.retention.core.domain.VacuumMode;
import ai.mai.retention.core.domain.VacuumOutcome;
import ai.mai.retention.core.port.out.TableStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file's pages on a real SQLite file: free list, incremental and full vacuum. */
class SqliteTableStorageTest extends TableStorageContract {

  @TempDir Path directory;

  private SqliteTestDatabase sqlite;

  @Override
  protected JdbcTestDatabase openDatabase() {
    sqlite = SqliteTestDatabase.create(directory);
    return sqlite;
  }

  @Override
  protected TableStorage storage() {
    return new SqliteTableStorage(SqliteDataSources.forCleanup(sqlite.url), Duration.ZERO);
  }

  private Path file() {
    return directory.resolve("webui.db");
  }

  /** What the README says it takes: the pragma, then one VACUUM that rewrites the file. */
  private void allowIncrementalVacuum() {
    sqlite.run("PRAGMA auto_vacuum = INCREMENTAL", "VACUUM");
    assertThat(sqlite.queryForLong("PRAGMA auto_vacuum")).isEqualTo(2);
  }

  @Test
  void theFiguresAreSqlitesPragmas() {
    database.insert(ExpiredRecordStoreContract.sampleRows(ROWS, 11));

    StorageFigures figures = storage().measure();

    long pageSize = sqlite.queryForLong("PRAGMA page_size");
    long pages = sqlite.queryForLong("PRAGMA page_count");
    long free = sqlite.queryForLong("PRAGMA freelist_count");
    assertThat(figures.reported())
        .containsExactly(
            java.util.Map.entry("page_size", pageSize),
            java.util.Map.entry("page_count", pages),
            java.util.Map.entry("freelist_count", free));
    assertThat(figures.bytes()).isEqualTo(pages * pageSize);
    assertThat(figures.reusableBytes()).hasValue(free * pageSize);
    assertThat(figures.deadRows()).isEmpty();
  }

  @Test
  void deletedRowsLeaveFreePagesInTheFileForNewRows() {
    database.insert(ExpiredRecordStoreContract.sampleRows(ROWS, 12));

    CleanupReport report = service(VacuumMode.OFF).runCleanup(mostRowsExpire());

    StorageReport storage = report.storage().orElseThrow();
    long reusableBefore = storage.before().orElseThrow().reusableBytes().orElseThrow();
    long reusableAfter = storage.after().orElseThrow().reusableBytes().orElseThrow();
    // Five in six rows went: most of the table's pages are free now, and the file kept them.
    assertThat(reusableAfter).isGreaterThan(reusableBefore + storage.before().get().bytes() / 3);
    assertThat(storage.after().orElseThrow().bytes())
        .isGreaterThanOrEqualTo(storage.before().orElseThrow().bytes());
  }

  @Test
  void anOnlineVacuumOfAFileWithoutIncrementalAutoVacuumDoesNothingAndSaysWhatItTakes() {
    database.insert(ExpiredRecordStoreContract.sampleRows(ROWS, 13));

    CleanupReport report = service(VacuumMode.ONLINE).runCleanup(mostRowsExpire());

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    VacuumOutcome vacuum = report.storage().orElseThrow().vacuum().orElseThrow();
    assertThat(vacuum.performed()).isFalse();
    assertThat(vacuum.bytesReturned()).isZero();
    assertThat(vacuum.note())
        .contains("auto_vacuum is NONE")
        .contains("PRAGMA auto_vacuum = INCREMENTAL")
        .contains("VACUUM");
    assertThat(sqlite.queryForLong("PRAGMA auto_vacuum")).as("never changed").isZero();
    assertThat(sqlite.queryForLong("PRAGMA freelist_count")).isPositive();
  }

  @Test
  void anOnlineVacuumGivesEveryFreePageBackInStepsWhereTheFileAllowsIt() throws Exception {
    allowIncrementalVacuum();
    database.insert(ExpiredRecordStoreContract.sampleRows(3 * ROWS, 14));

    CleanupReport report = service(VacuumMode.ONLINE).runCleanup(mostRowsExpire());

    StorageReport storage = report.storage().orElseThrow();
    VacuumOutcome vacuum = storage.vacuum().orElseThrow();
    assertThat(vacuum.performed()).as(String.valueOf(vacuum.note())).isTrue();
    long pageSize = sqlite.queryForLong("PRAGMA page_size");
    assertThat(vacuum.bytesReturned())
        .as("more than one step's worth of pages")
        .isGreaterThan(SqliteTableStorage.PAGES_PER_STEP * pageSize);
    assertThat(storage.after().orElseThrow().reusableBytes()).hasValue(0);
    assertThat(sqlite.queryForLong("PRAGMA freelist_count")).isZero();
    // The WAL was checkpointed: the file on disk is as small as SQLite says.
    assertThat(Files.size(file())).isEqualTo(storage.after().orElseThrow().bytes());
    assertThat(Files.size(file())).isLessThan(storage.before().orElseThrow().bytes() / 2);
  }

  @Test
  void anOnlineVacuumStopsBetweenStepsWhenAskedAndLeavesTheRestForLater() {
    allowIncrementalVacuum();
    database.insert(ExpiredRecordStoreContract.sampleRows(ROWS, 15));
    service(VacuumMode.OFF).runCleanup(mostRowsExpire());
    long free = sqlite.queryForLong("PRAGMA freelist_count");
    assertThat(free).isPositive();

    TableStorage.VacuumResult stopped = storage().vacuum(VacuumMode.ONLINE, () -> true);

    assertThat(stopped.note()).contains("stopped by shutdown").contains(free + " free pages left");
    assertThat(sqlite.queryForLong("PRAGMA freelist_count")).isEqualTo(free);
  }

  @Test
  void aFullVacuumKeepsTheFilesAutoVacuumSetting() {
    database.insert(ExpiredRecordStoreContract.sampleRows(ROWS, 16));

    service(VacuumMode.FULL).runCleanup(mostRowsExpire());

    assertThat(sqlite.queryForLong("PRAGMA auto_vacuum")).isZero();
    assertThat(sqlite.queryForLong("PRAGMA freelist_count")).isZero();
  }
}
