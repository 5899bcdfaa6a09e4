package ai.mai.retention.core.contract;

import static ai.mai.retention.core.contract.ContractClock.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.RetentionPolicy;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.port.in.CleanupRequest;
import ai.mai.retention.core.port.out.CleanupListener;
import ai.mai.retention.core.service.RunCleanupService;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The use case over one adapter's real ports: a whole run, journaled, with exact statistics. */
public abstract class RunCleanupContract {

  protected RetentionTestDatabase database;

  protected abstract RetentionTestDatabase openDatabase();

  @BeforeEach
  void open() {
    database = openDatabase();
  }

  @AfterEach
  void closeDatabase() {
    database.close();
  }

  private RunCleanupService service() {
    return new RunCleanupService(
        database.store(),
        database.journal(),
        database.lock(),
        CleanupListener.NONE,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void aRunDeletesTheExpiredRowsAndJournalsExactStatistics() {
    List<GenerationRow> rows = ExpiredRecordStoreContract.sampleRows(500, 3);
    database.insert(rows);
    ExpectedOutcome expected = ExpectedOutcome.of(rows, RetentionPolicy.ofDays(90).criteriaAt(NOW));

    CleanupReport report =
        service().runCleanup(CleanupRequest.of(RetentionPolicy.ofDays(90), CleanupTrigger.MANUAL));

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.recordsBefore()).isEqualTo(500);
    assertThat(report.deleted()).isEqualTo(expected.deleted());
    assertThat(report.recordsRemaining()).isEqualTo(expected.remainingIds().size());
    assertThat(database.remainingIds()).isEqualTo(expected.remainingIds());
    assertThat(database.auditRowCount()).isEqualTo(1);
    var entry = database.journal().recentRuns(1).get(0);
    assertThat(entry.recordsDeleted()).isEqualTo(expected.deleted().records());
    assertThat(entry.costRemoved()).isEqualByComparingTo(expected.deleted().cost());

    CleanupReport second =
        service().runCleanup(CleanupRequest.of(RetentionPolicy.ofDays(90), CleanupTrigger.MANUAL));
    assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(second.recordsDeleted()).isZero();
    assertThat(database.auditRowCount()).isEqualTo(2);
  }

  @Test
  void aDryRunChangesNothingAndJournalsNothing() {
    database.insert(ExpiredRecordStoreContract.sampleRows(100, 5));
    List<String> before = database.remainingIds();

    CleanupReport preview =
        service()
            .runCleanup(
                CleanupRequest.of(RetentionPolicy.ofDays(90), CleanupTrigger.MANUAL).asDryRun());

    assertThat(preview.status()).isEqualTo(RunStatus.DRY_RUN);
    assertThat(preview.recordsDeleted()).isPositive();
    assertThat(database.remainingIds()).isEqualTo(before);
    assertThat(database.auditRowCount()).isZero();
  }

  @Test
  void aRunIsSkippedWhileAnotherProcessHoldsTheLock() {
    database.insert(ExpiredRecordStoreContract.sampleRows(50, 9));
    List<String> before = database.remainingIds();
    try (var held = database.lockOfAnotherProcess().tryAcquire("other").orElseThrow()) {
      CleanupReport skipped =
          service()
              .runCleanup(CleanupRequest.of(RetentionPolicy.ofDays(90), CleanupTrigger.MANUAL));
      assertThat(skipped.status()).isEqualTo(RunStatus.SKIPPED_LOCKED);
    }
    assertThat(database.remainingIds()).isEqualTo(before);
    assertThat(database.auditRowCount()).isZero();
  }

  @Test
  void theFullWipeGuardRefusesAndIsJournaled() {
    database.insert(
        List.of(
            ExpiredRecordStoreContract.row("old-1", "org-a", NOW.getEpochSecond() - 200 * 86_400L),
            ExpiredRecordStoreContract.row(
                "old-2", "org-b", NOW.getEpochSecond() - 100 * 86_400L)));

    CleanupReport refused =
        service().runCleanup(CleanupRequest.of(RetentionPolicy.ofDays(90), CleanupTrigger.MANUAL));

    assertThat(refused.status()).isEqualTo(RunStatus.REFUSED);
    assertThat(refused.error()).contains("every row");
    assertThat(database.remainingIds()).containsExactly("old-1", "old-2");
    assertThat(database.journal().recentRuns(1).get(0).success()).isFalse();
  }
}
