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

  /**
   * The case: a hold must not turn a wipe of every other organization into a normal run.
   */
  @Test
  void aLegalHoldDoesNotDefeatTheFullWipeGuard() {
    long now = NOW.getEpochSecond();
    database.insert(
        List.of(
            ExpiredRecordStoreContract.row("a-old", "org-a", now - 200 * 86_400L),
            ExpiredRecordStoreContract.row("b-old", "org-b", now - 100 * 86_400L),
            ExpiredRecordStoreContract.row("c-held", "org-c", now - 300 * 86_400L),
            ExpiredRecordStoreContract.row("c-held-new", "org-c", now - 86_400L)));
    RetentionPolicy policy =
        RetentionPolicy.ofDays(90)
            .withLegalHolds(
                java.util.Set.of(new ai.mai.retention.core.domain.OrganizationId("org-c")));

    CleanupReport preview =
        service().runCleanup(CleanupRequest.of(policy, CleanupTrigger.MANUAL).asDryRun());
    CleanupReport refused = service().runCleanup(CleanupRequest.of(policy, CleanupTrigger.MANUAL));

    assertThat(preview.error()).startsWith("would refuse").contains("not on legal hold");
    assertThat(refused.status()).isEqualTo(RunStatus.REFUSED);
    assertThat(refused.error()).contains("every row").contains("2 held rows stay");
    assertThat(database.remainingIds()).containsExactly("a-old", "b-old", "c-held", "c-held-new");
    assertThat(database.journal().recentRuns(1).get(0).status()).isEqualTo("refused");

    CleanupReport permitted =
        service()
            .runCleanup(
                new CleanupRequest(
                    policy,
                    CleanupTrigger.MANUAL,
                    false,
                    java.util.OptionalInt.empty(),
                    new ai.mai.retention.core.domain.CleanupGuards(
                        true, java.util.Optional.empty()),
                    null));
    assertThat(permitted.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(database.remainingIds()).containsExactly("c-held", "c-held-new");
  }

  /** A clock far ahead of the data: not every row would go, but no row is recent at all. */
  @Test
  void aClockAheadOfEveryRowIsRefused() {
    long now = NOW.getEpochSecond();
    database.insert(
        List.of(
            ExpiredRecordStoreContract.row("a-200d", "org-a", now - 200 * 86_400L),
            ExpiredRecordStoreContract.row("b-100d", "org-b", now - 100 * 86_400L),
            ExpiredRecordStoreContract.row("b-95d", "org-b", now - 95 * 86_400L)));
    // org-a keeps 400 days, so its row would stay: not a full wipe.
    RetentionPolicy policy =
        RetentionPolicy.ofDays(90)
            .withTenantDays(
                java.util.Map.of(new ai.mai.retention.core.domain.OrganizationId("org-a"), 400));

    CleanupReport refused = service().runCleanup(CleanupRequest.of(policy, CleanupTrigger.MANUAL));

    assertThat(refused.status()).isEqualTo(RunStatus.REFUSED);
    assertThat(refused.error()).contains("no row is newer than the shortest retention");
    assertThat(database.remainingIds()).containsExactly("a-200d", "b-100d", "b-95d");
    assertThat(database.journal().recentRuns(1).get(0).success()).isFalse();
  }

  /**
   * The case: rows were deleted with no audit row to show for them, and the marker left
   * behind blocked every later run. Now the run proves the audit table first.
   */
  @Test
  void anAuditTableThatRefusesRowsStopsTheRunBeforeAnyDeleteAndBlocksNothingLater() {
    List<GenerationRow> rows = ExpiredRecordStoreContract.sampleRows(300, 17);
    database.insert(rows);
    List<String> before = database.remainingIds();
    database.refuseAuditRows();

    CleanupReport refused =
        service().runCleanup(CleanupRequest.of(RetentionPolicy.ofDays(90), CleanupTrigger.MANUAL));

    assertThat(refused.status()).isEqualTo(RunStatus.FAILED);
    assertThat(refused.error())
        .contains("nothing was deleted")
        .contains("processed_generation_cleanup_log");
    assertThat(refused.recordsDeleted()).isZero();
    assertThat(database.remainingIds()).isEqualTo(before);
    assertThat(database.queryForLong("SELECT count(*) FROM retention_run"))
        .as("no run marker left behind")
        .isZero();
    assertThat(database.auditRowCount()).isZero();

    database.acceptAuditRows();
    CleanupReport next =
        service().runCleanup(CleanupRequest.of(RetentionPolicy.ofDays(90), CleanupTrigger.MANUAL));

    ExpectedOutcome expected = ExpectedOutcome.of(rows, RetentionPolicy.ofDays(90).criteriaAt(NOW));
    assertThat(next.status()).as(String.valueOf(next.error())).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(database.remainingIds()).isEqualTo(expected.remainingIds());
    assertThat(database.auditRowCount()).isEqualTo(1);
    assertThat(database.journal().recentRuns(1).get(0).recordsDeleted())
        .isEqualTo(expected.deleted().records());
  }

  /**
   * The case: one NaN or infinite cost made every run fail, naming no row. Such rows are
   * deleted like any other, counted, kept out of the sums, and a few are named.
   */
  @Test
  void rowsWhoseCostOrTokensAreNotFiniteNumbersAreDeletedCountedAndKeptOutOfTheSums() {
    List<GenerationRow> rows = ExpiredRecordStoreContract.sampleRows(300, 43);
    database.insert(rows);
    long old = NOW.getEpochSecond() - 120 * 86_400L;
    List<String[]> values = database.unsummableValues();
    java.util.Set<String> badIds = new java.util.TreeSet<>();
    for (int i = 0; i < values.size(); i++) {
      String id = "bad-" + i;
      badIds.add(id);
      database.run(
          "INSERT INTO processed_generations (id, client_org_id, generation_date, processed_at,"
              + " total_cost, total_tokens) VALUES ('"
              + id
              + "', 'org-bad', '2026-02-01', "
              + old
              + ", "
              + values.get(i)[0]
              + ", "
              + values.get(i)[1]
              + ")");
    }
    ExpectedOutcome expected = ExpectedOutcome.of(rows, RetentionPolicy.ofDays(90).criteriaAt(NOW));
    CleanupRequest request = CleanupRequest.of(RetentionPolicy.ofDays(90), CleanupTrigger.MANUAL);

    CleanupReport preview = service().runCleanup(request.asDryRun());
    CleanupReport run = service().runCleanup(request);

    for (CleanupReport report : List.of(preview, run)) {
      String context = report.status() + " " + report.error();
      assertThat(report.status()).as(context).isIn(RunStatus.DRY_RUN, RunStatus.SUCCEEDED);
      assertThat(report.recordsDeleted())
          .as(context)
          .isEqualTo(expected.deleted().records() + values.size());
      assertThat(report.recordsNotSummed()).as(context).isEqualTo(values.size());
      assertThat(report.tokensRemoved()).as(context).isEqualTo(expected.deleted().tokens());
      assertThat(report.costRemoved()).as(context).isEqualByComparingTo(expected.deleted().cost());
      assertThat(report.deleted().byOrganization().get("org-bad").notSummed())
          .isEqualTo(values.size());
      assertThat(report.deleted().notSummedExamples()).as(context).isNotEmpty();
      assertThat(badIds).as(context).containsAll(report.deleted().notSummedExamples());
    }
    assertThat(database.remainingIds()).isEqualTo(expected.remainingIds());
    var entry = database.journal().recentRuns(1).get(0);
    assertThat(entry.recordsNotSummed()).isEqualTo((long) values.size());
    assertThat(entry.recordsDeleted()).isEqualTo(run.recordsDeleted());
    assertThat(entry.tokensRemoved()).isEqualTo(expected.deleted().tokens());
  }

  /** Token sums near 2^63 wrapped silently; now the rows that would carry them past it say so. */
  @Test
  void tokenSumsNeverWrapAroundAndSayWhatTheyLeaveOut() {
    database.allowHugeTokenCounts();
    long old = NOW.getEpochSecond() - 120 * 86_400L;
    long huge = 1L << 62;
    for (int i = 0; i < 4; i++) {
      database.run(
          "INSERT INTO processed_generations (id, client_org_id, generation_date, processed_at,"
              + " total_cost, total_tokens) VALUES ('huge-"
              + i
              + "', 'org-huge', '2026-02-01', "
              + (old + i)
              + ", 0.5, "
              + huge
              + ")");
    }
    database.insert(
        List.of(ExpiredRecordStoreContract.row("fresh", "org-a", NOW.getEpochSecond() - 86_400L)));

    CleanupReport run =
        service()
            .runCleanup(
                new CleanupRequest(
                    RetentionPolicy.ofDays(90),
                    CleanupTrigger.MANUAL,
                    false,
                    java.util.OptionalInt.of(1),
                    null,
                    null));

    assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.recordsDeleted()).isEqualTo(4);
    assertThat(run.tokensRemoved()).isPositive().isEqualTo(huge);
    assertThat(run.recordsNotSummed()).isEqualTo(3);
    assertThat(run.costRemoved()).isEqualByComparingTo("0.5");
    var entry = database.journal().recentRuns(1).get(0);
    assertThat(entry.tokensRemoved()).isEqualTo(huge);
    assertThat(entry.recordsNotSummed()).isEqualTo(3L);
  }
}
