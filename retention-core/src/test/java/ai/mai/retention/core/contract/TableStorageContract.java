package ai.mai.retention.core.contract;

import static ai.mai.retention.core.contract.ContractClock.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.RetentionPolicy;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.domain.StorageFigures;
import ai.mai.retention.core.domain.StorageReport;
import ai.mai.retention.core.domain.VacuumMode;
import ai.mai.retention.core.domain.VacuumOutcome;
import ai.mai.retention.core.port.in.CleanupRequest;
import ai.mai.retention.core.port.out.CleanupListener;
import ai.mai.retention.core.port.out.TableStorage;
import ai.mai.retention.core.service.RunCleanupService;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The storage port over one adapter's real database: what the database reports, recorded in the
 * report and the audit row, and space given back by a full vacuum. What only one database has (the
 * SQLite free list and {@code auto_vacuum}, PostgreSQL's dead rows) is tested by each adapter.
 */
public abstract class TableStorageContract {

  /** Enough rows for every database to spread them over many pages. */
  protected static final int ROWS = 20_000;

  protected JdbcTestDatabase database;

  protected abstract JdbcTestDatabase openDatabase();

  /** The adapter's storage port over {@link #database}. */
  protected abstract TableStorage storage();

  @BeforeEach
  void open() {
    database = openDatabase();
  }

  @AfterEach
  void closeDatabase() {
    database.close();
  }

  protected RunCleanupService service(VacuumMode vacuum) {
    return new RunCleanupService(
            database.store(),
            database.journal(),
            database.lock(),
            CleanupListener.NONE,
            Clock.fixed(NOW, ZoneOffset.UTC))
        .withStorage(storage(), vacuum);
  }

  /** 30 days' retention over rows spread across 180 days: about five in six go. */
  protected static CleanupRequest mostRowsExpire() {
    return CleanupRequest.of(RetentionPolicy.ofDays(30), CleanupTrigger.MANUAL);
  }

  protected Map<String, Object> auditRow(String runId) {
    List<Map<String, Object>> rows =
        database.rows(
            "SELECT storage_bytes_before, storage_bytes_after, vacuum_bytes_returned,"
                + " vacuum_seconds, storage_details FROM processed_generation_cleanup_log"
                + " WHERE run_id = '"
                + runId
                + "'");
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  protected static long asLong(Object value) {
    return ((Number) value).longValue();
  }

  @Test
  void theFiguresAreTheDatabasesAndGrowWithTheTable() {
    database.insert(ExpiredRecordStoreContract.sampleRows(1_000, 1));
    StorageFigures small = storage().measure();
    database.insert(ExpiredRecordStoreContract.sampleRows(ROWS, 2));
    StorageFigures large = storage().measure();

    assertThat(small.bytes()).isPositive();
    assertThat(small.reported())
        .isNotEmpty()
        .allSatisfy((name, value) -> assertThat(value).isNotNegative());
    assertThat(large.bytes()).isGreaterThan(small.bytes());
  }

  @Test
  void aRunRecordsWhatWasMeasuredInItsReportAndItsAuditRow() {
    database.insert(ExpiredRecordStoreContract.sampleRows(ROWS, 3));
    long bytesBefore = storage().measure().bytes();

    CleanupReport report = service(VacuumMode.OFF).runCleanup(mostRowsExpire());

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.recordsDeleted()).isGreaterThan(ROWS / 2);
    StorageReport storage = report.storage().orElseThrow();
    assertThat(storage.problem()).isEmpty();
    assertThat(storage.vacuum()).isEmpty();
    assertThat(storage.before().orElseThrow().bytes()).isEqualTo(bytesBefore);
    // Without a vacuum, deleting rows gives nothing back to the file system.
    assertThat(storage.after().orElseThrow().bytes()).isGreaterThanOrEqualTo(bytesBefore);
    Map<String, Object> audit = auditRow(report.runId());
    assertThat(asLong(audit.get("storage_bytes_before"))).isEqualTo(bytesBefore);
    assertThat(asLong(audit.get("storage_bytes_after")))
        .isEqualTo(storage.after().orElseThrow().bytes());
    assertThat(audit.get("vacuum_bytes_returned")).isNull();
    assertThat(audit.get("vacuum_seconds")).isNull();
    assertThat((String) audit.get("storage_details"))
        .startsWith("{\"before\":{\"bytes\":" + bytesBefore)
        .contains("\"after\":{\"bytes\":")
        .doesNotContain("\"vacuum\"");
    StorageReport journaled =
        database.journal().recentRuns(1).get(0).storage().orElseThrow(AssertionError::new);
    assertThat(journaled.before()).isEqualTo(storage.before());
    assertThat(journaled.after()).isEqualTo(storage.after());
    assertThat(journaled.vacuum()).isEmpty();
    // The Python service's estimate is still written beside the measured figures.
    assertThat(
            database.queryForLong(
                "SELECT count(*) FROM processed_generation_cleanup_log WHERE storage_saved_kb > 0"))
        .isEqualTo(1);
  }

  @Test
  void aFullVacuumGivesTheDeletedRowsSpaceBackAndSaysHowMuchAndHowLong() {
    database.insert(ExpiredRecordStoreContract.sampleRows(ROWS, 4));

    CleanupReport report = service(VacuumMode.FULL).runCleanup(mostRowsExpire());

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    StorageReport storage = report.storage().orElseThrow();
    VacuumOutcome vacuum = storage.vacuum().orElseThrow();
    assertThat(vacuum.mode()).isEqualTo(VacuumMode.FULL);
    assertThat(vacuum.performed()).as(String.valueOf(vacuum.note())).isTrue();
    long before = storage.before().orElseThrow().bytes();
    long after = storage.after().orElseThrow().bytes();
    // Five in six rows went: the rebuilt table or file is well under two thirds of what it was.
    assertThat(after).isLessThan(before * 2 / 3);
    assertThat(vacuum.bytesReturned())
        .isPositive()
        .isLessThanOrEqualTo(before - after + before / 10);
    assertThat(storage().measure().bytes()).isEqualTo(after);
    Map<String, Object> audit = auditRow(report.runId());
    assertThat(asLong(audit.get("vacuum_bytes_returned"))).isEqualTo(vacuum.bytesReturned());
    assertThat(((Number) audit.get("vacuum_seconds")).doubleValue()).isNotNegative();
    assertThat((String) audit.get("storage_details"))
        .contains(
            "\"vacuum\":{\"mode\":\"full\",\"performed\":true,\"bytes_returned\":"
                + vacuum.bytesReturned());
    StorageReport journaled =
        database.journal().recentRuns(1).get(0).storage().orElseThrow(AssertionError::new);
    assertThat(journaled.after()).isEqualTo(storage.after());
    VacuumOutcome journaledVacuum = journaled.vacuum().orElseThrow(AssertionError::new);
    assertThat(journaledVacuum.mode()).isEqualTo(VacuumMode.FULL);
    assertThat(journaledVacuum.performed()).isTrue();
    assertThat(journaledVacuum.bytesReturned()).isEqualTo(vacuum.bytesReturned());
    assertThat(journaledVacuum.durationSeconds()).isCloseTo(vacuum.durationSeconds(), within(1e-6));
  }

  @Test
  void aRefusedRunIsMeasuredButNotVacuumed() {
    database.insert(
        List.of(
            ExpiredRecordStoreContract.row("old-1", "org-a", NOW.getEpochSecond() - 200 * 86_400L),
            ExpiredRecordStoreContract.row(
                "old-2", "org-a", NOW.getEpochSecond() - 100 * 86_400L)));

    CleanupReport report = service(VacuumMode.FULL).runCleanup(mostRowsExpire());

    assertThat(report.status()).isEqualTo(RunStatus.REFUSED);
    assertThat(report.storage().orElseThrow().vacuum()).isEmpty();
    Map<String, Object> audit = auditRow(report.runId());
    assertThat(asLong(audit.get("storage_bytes_before"))).isPositive();
    assertThat(audit.get("vacuum_bytes_returned")).isNull();
  }
}
