package ai.mai.retention.core.contract;

import static ai.mai.retention.core.contract.ContractClock.NOW;
import static ai.mai.retention.core.contract.ContractClock.daysAgo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.OrganizationTotals;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.domain.TableSnapshot;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ExpiredRecordStore} must do, whatever the database. */
public abstract class ExpiredRecordStoreContract {

  protected RetentionTestDatabase database;

  /** A fresh, migrated database for one test. */
  protected abstract RetentionTestDatabase openDatabase();

  @BeforeEach
  void open() {
    database = openDatabase();
  }

  @AfterEach
  void closeDatabase() {
    database.close();
  }

  @Test
  void inspectCountsAllRowsAndTheExpiredOnesPerOrganizationWithoutDeleting() {
    database.insert(
        List.of(
            GenerationRow.at("a-old", "org-a", daysAgo(120), 0.25, 100),
            GenerationRow.at("a-new", "org-a", daysAgo(10), 0.5, 200),
            GenerationRow.at("b-old", "org-b", daysAgo(91), 0.125, 300)));

    TableSnapshot snapshot = database.store().inspect(CleanupCriteria.uniform(NOW, 90));

    assertThat(snapshot.totalRecords()).isEqualTo(3);
    assertThat(snapshot.expired().byOrganization())
        .containsOnlyKeys("org-a", "org-b")
        .containsEntry("org-a", new OrganizationTotals(1, 100, new BigDecimal("0.25")))
        .containsEntry("org-b", new OrganizationTotals(1, 300, new BigDecimal("0.125")));
    assertThat(snapshot.newestProcessedAt()).hasValue(daysAgo(10).getEpochSecond());
    assertThat(database.remainingIds()).hasSize(3);
  }

  @Test
  void inspectCountsTheRowsOfHeldOrganizations() {
    database.insert(
        List.of(
            GenerationRow.at("a-old", "org-a", daysAgo(120), 0.25, 100),
            GenerationRow.at("c-old", "org-c", daysAgo(120), 0.5, 200),
            GenerationRow.at("c-new", "org-c", daysAgo(1), 0.5, 200),
            GenerationRow.at("d-new", "org-d", daysAgo(1), 0.5, 200),
            GenerationRow.at("lookalike", "ORG-C", daysAgo(120), 0.5, 200)));
    CleanupCriteria criteria =
        new CleanupCriteria(NOW, 90, Map.of(), Set.of("org-c", "org-d", "org-none"));

    TableSnapshot snapshot = database.store().inspect(criteria);

    assertThat(snapshot.totalRecords()).isEqualTo(5);
    assertThat(snapshot.heldRecords()).isEqualTo(3);
    assertThat(snapshot.expired().byOrganization()).containsOnlyKeys("org-a", "ORG-C");
    assertThat(database.store().inspect(CleanupCriteria.uniform(NOW, 90)).heldRecords()).isZero();
  }

  @Test
  void anEmptyTableHasNothingToInspectOrDelete() {
    CleanupCriteria criteria = CleanupCriteria.uniform(NOW, 90);
    TableSnapshot snapshot = database.store().inspect(criteria);

    assertThat(snapshot.totalRecords()).isZero();
    assertThat(snapshot.expired().isEmpty()).isTrue();
    assertThat(snapshot.newestProcessedAt()).isEmpty();
    assertThat(drain(criteria, snapshot, OptionalInt.of(10)))
        .isEqualTo(OrganizationBreakdown.EMPTY);
  }

  @Test
  void rowsTenMinutesEitherSideOfTheCutoffLandOnTheRightSide() {
    CleanupCriteria criteria = CleanupCriteria.uniform(NOW, 90);
    long cutoff = criteria.defaultCutoff().epochSecond();
    database.insert(
        List.of(
            row("before-10min", "org-a", cutoff - 600),
            row("before-1s", "org-a", cutoff - 1),
            row("at-cutoff", "org-a", cutoff),
            row("after-10min", "org-a", cutoff + 600)));

    OrganizationBreakdown deleted =
        drain(criteria, database.store().inspect(criteria), OptionalInt.empty());

    assertThat(deleted.records()).isEqualTo(2);
    assertThat(database.remainingIds()).containsExactly("after-10min", "at-cutoff");
  }

  @Test
  void deletesExactlyTheExpiredRowsInBoundedBatchesAndCountsExactly() {
    List<GenerationRow> rows = sampleRows(1_000, 7);
    database.insert(rows);
    CleanupCriteria criteria = CleanupCriteria.uniform(NOW, 90);
    ExpectedOutcome expected = ExpectedOutcome.of(rows, criteria);
    TableSnapshot snapshot = database.store().inspect(criteria);
    assertThat(snapshot.expired()).isEqualTo(expected.deleted());

    List<OrganizationBreakdown> batches = new ArrayList<>();
    try (ExpiredRecordStore.Sweep sweep =
        database.store().openSweep(criteria, snapshot, OptionalInt.of(64))) {
      assertThat(sweep.batchSize()).isEqualTo(64);
      for (Optional<OrganizationBreakdown> batch = sweep.deleteNextBatch();
          batch.isPresent();
          batch = sweep.deleteNextBatch()) {
        batches.add(batch.get());
      }
    }

    assertThat(batches).allSatisfy(batch -> assertThat(batch.records()).isLessThanOrEqualTo(64));
    assertThat(batches.stream().filter(batch -> !batch.isEmpty()).count()).isGreaterThan(1);
    OrganizationBreakdown total =
        batches.stream().reduce(OrganizationBreakdown.EMPTY, OrganizationBreakdown::plus);
    assertThat(total).isEqualTo(expected.deleted());
    assertThat(total.cost()).isEqualByComparingTo(expected.deleted().cost());
    assertThat(database.remainingIds()).isEqualTo(expected.remainingIds());
    assertThat(database.store().countRecords()).isEqualTo(expected.remainingIds().size());
  }

  @Test
  void aSecondSweepFindsNothingLeft() {
    database.insert(sampleRows(200, 11));
    CleanupCriteria criteria = CleanupCriteria.uniform(NOW, 90);
    drain(criteria, database.store().inspect(criteria), OptionalInt.of(50));

    TableSnapshot again = database.store().inspect(criteria);
    assertThat(again.expiredRecords()).isZero();
    assertThat(drain(criteria, again, OptionalInt.of(50)).records()).isZero();
  }

  @Test
  void tenantOverridesAndLegalHoldsApplyInsideTheDelete() {
    List<GenerationRow> rows = sampleRows(600, 13);
    database.insert(rows);
    CleanupCriteria criteria =
        new CleanupCriteria(NOW, 90, Map.of("org-1", 150, "org-2", 30), Set.of("org-3"));
    ExpectedOutcome expected = ExpectedOutcome.of(rows, criteria);

    TableSnapshot snapshot = database.store().inspect(criteria);
    assertThat(snapshot.expired()).isEqualTo(expected.deleted());
    OrganizationBreakdown deleted = drain(criteria, snapshot, OptionalInt.of(40));

    assertThat(deleted).isEqualTo(expected.deleted());
    assertThat(deleted.byOrganization()).doesNotContainKey("org-3");
    assertThat(database.remainingIds()).isEqualTo(expected.remainingIds());
  }

  @Test
  void organizationIdsAreBoundNotSpliced() {
    String hostile = "x' OR '1'='1";
    database.insert(
        List.of(
            row("hostile-old", hostile, daysAgo(200).getEpochSecond()),
            row("plain-old", "org-a", daysAgo(200).getEpochSecond()),
            row("plain-new", "org-a", daysAgo(1).getEpochSecond())));
    CleanupCriteria criteria = new CleanupCriteria(NOW, 90, Map.of(), Set.of(hostile));

    OrganizationBreakdown deleted =
        drain(criteria, database.store().inspect(criteria), OptionalInt.empty());

    assertThat(deleted.byOrganization()).containsOnlyKeys("org-a");
    assertThat(database.remainingIds()).containsExactly("hostile-old", "plain-new");
  }

  @Test
  void costsAreSummedExactly() {
    database.insert(
        List.of(
            row("c1", "org-a", daysAgo(100).getEpochSecond(), 0.1, 1),
            row("c2", "org-a", daysAgo(100).getEpochSecond(), 0.2, 1),
            row("c3", "org-a", daysAgo(100).getEpochSecond(), 0.000123, 1)));
    CleanupCriteria criteria = CleanupCriteria.uniform(NOW, 90);

    OrganizationBreakdown deleted =
        drain(criteria, database.store().inspect(criteria), OptionalInt.empty());

    // 0.1 + 0.2 in binary floating point is 0.30000000000000004; money must not drift like that.
    assertThat(deleted.cost()).isEqualByComparingTo("0.300123");
  }

  @Test
  void rowsWithoutOrganizationFollowTheDefaultRetentionEvenUnderOverridesAndHolds() {
    database.allowNullOrganizations();
    List<GenerationRow> rows = new ArrayList<>(sampleRows(300, 17));
    rows.add(row("none-old", null, daysAgo(100).getEpochSecond(), 0.25, 7));
    rows.add(row("none-older", null, daysAgo(170).getEpochSecond(), 0.5, 9));
    rows.add(row("none-new", null, daysAgo(10).getEpochSecond(), 1.0, 11));
    database.insert(rows);
    for (CleanupCriteria criteria :
        List.of(
            new CleanupCriteria(NOW, 90, Map.of("org-1", 150, "org-2", 30), Set.of("org-3")),
            CleanupCriteria.uniform(NOW, 90))) {
      ExpectedOutcome expected = ExpectedOutcome.of(rows, criteria);

      TableSnapshot snapshot = database.store().inspect(criteria);
      assertThat(snapshot.expired()).isEqualTo(expected.deleted());
      OrganizationBreakdown deleted = drain(criteria, snapshot, OptionalInt.of(40));

      assertThat(deleted).isEqualTo(expected.deleted());
      assertThat(database.remainingIds()).isEqualTo(expected.remainingIds());
      rows.removeIf(row -> !expected.remainingIds().contains(row.id()));
    }
    assertThat(database.remainingIds()).contains("none-new").doesNotContain("none-old");
  }

  @Test
  void inspectionAndDeletionCountEveryKindOfCostExactly() {
    // Whole picodollars (the fast paths) and costs that are not (0.1 + 0.2, a third, large ones).
    double[] costs = {
      0.1 + 0.2, 1.0 / 3, 4_096.5, 12_345.678901234, 0.000123, 1e-13, 2.5e-7, 0.05, 4_095.999999
    };
    List<GenerationRow> rows = new ArrayList<>();
    for (int i = 0; i < costs.length; i++) {
      rows.add(row("cost-old-" + i, "org-" + (i % 2), daysAgo(100).getEpochSecond(), costs[i], i));
      rows.add(row("cost-new-" + i, "org-" + (i % 2), daysAgo(10).getEpochSecond(), costs[i], i));
    }
    database.insert(rows);
    CleanupCriteria criteria = CleanupCriteria.uniform(NOW, 90);
    ExpectedOutcome expected = ExpectedOutcome.of(rows, criteria);

    TableSnapshot snapshot = database.store().inspect(criteria);
    OrganizationBreakdown deleted = drain(criteria, snapshot, OptionalInt.of(4));

    assertThat(snapshot.expired()).isEqualTo(expected.deleted());
    assertThat(deleted).isEqualTo(expected.deleted());
    assertThat(deleted.cost())
        .isEqualByComparingTo(
            java.util.Arrays.stream(costs)
                .mapToObj(BigDecimal::valueOf)
                .reduce(BigDecimal.ZERO, BigDecimal::add));
  }

  /** A run's in-flight report with {@code deleted} counted over {@code batches} batches. */
  private static CleanupReport inFlight(
      String runId,
      CleanupCriteria criteria,
      long before,
      OrganizationBreakdown deleted,
      int batches) {
    return new CleanupReport(
        runId,
        CleanupTrigger.MANUAL,
        RunStatus.SUCCEEDED,
        false,
        criteria,
        NOW,
        java.time.Duration.ofSeconds(1),
        before,
        0,
        before - deleted.records(),
        deleted,
        batches,
        null);
  }

  @Test
  void eachBatchCountsItselfInTheRunsMarkerInItsOwnTransaction() {
    List<GenerationRow> rows = sampleRows(400, 23);
    database.insert(rows);
    CleanupCriteria criteria = CleanupCriteria.uniform(NOW, 90);
    database
        .journal()
        .recordStart(inFlight("run-ck", criteria, 400, OrganizationBreakdown.EMPTY, 0));
    TableSnapshot snapshot = database.store().inspect(criteria);
    OrganizationBreakdown[] counted = {OrganizationBreakdown.EMPTY};
    int[] batches = {0};

    try (ExpiredRecordStore.Sweep sweep =
        database
            .store()
            .openSweep(
                criteria,
                snapshot,
                OptionalInt.of(40),
                batch ->
                    Optional.of(
                        inFlight(
                            "run-ck", criteria, 400, counted[0].plus(batch), batches[0] + 1)))) {
      for (int i = 0; i < 3; i++) {
        counted[0] = counted[0].plus(sweep.deleteNextBatch().orElseThrow());
        batches[0]++;
      }
    }

    // The process "dies" here: the next lock holder journals the marker as it stands.
    List<JournalEntry> closed = database.journal().closeInterruptedRuns(NOW.plusSeconds(60));
    assertThat(closed)
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.recordsDeleted()).isEqualTo(counted[0].records()).isPositive();
              assertThat(entry.tokensRemoved()).isEqualTo(counted[0].tokens());
              assertThat(entry.batches()).isEqualTo(3);
            });
    assertThat(database.remainingIds()).hasSize(400 - (int) counted[0].records());
  }

  @Test
  void aBatchWhoseRunHasNoMarkerAnyMoreIsRolledBack() {
    List<GenerationRow> rows = sampleRows(200, 29);
    database.insert(rows);
    CleanupCriteria criteria = CleanupCriteria.uniform(NOW, 90);
    TableSnapshot snapshot = database.store().inspect(criteria);
    List<String> before = database.remainingIds();

    try (ExpiredRecordStore.Sweep sweep =
        database
            .store()
            .openSweep(
                criteria,
                snapshot,
                OptionalInt.of(40),
                batch -> Optional.of(inFlight("run-gone", criteria, 200, batch, 1)))) {
      assertThatThrownBy(sweep::deleteNextBatch)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("run-gone")
          .hasMessageContaining("marker");
    }
    assertThat(database.remainingIds()).isEqualTo(before);
  }

  protected OrganizationBreakdown drain(
      CleanupCriteria criteria, TableSnapshot snapshot, OptionalInt batchSize) {
    OrganizationBreakdown total = OrganizationBreakdown.EMPTY;
    try (ExpiredRecordStore.Sweep sweep =
        database.store().openSweep(criteria, snapshot, batchSize)) {
      for (Optional<OrganizationBreakdown> batch = sweep.deleteNextBatch();
          batch.isPresent();
          batch = sweep.deleteNextBatch()) {
        total = total.plus(batch.get());
      }
    }
    return total;
  }

  protected static GenerationRow row(String id, String org, long processedAt) {
    return row(id, org, processedAt, 0.001, 10);
  }

  protected static GenerationRow row(
      String id, String org, long processedAt, double cost, long tokens) {
    return GenerationRow.at(id, org, java.time.Instant.ofEpochSecond(processedAt), cost, tokens);
  }

  /** Rows spread over 180 days across five organizations, with realistic costs. */
  public static List<GenerationRow> sampleRows(int count, long seed) {
    Random random = new Random(seed);
    List<GenerationRow> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long age = (long) (random.nextDouble() * 180 * 86_400);
      double cost = Math.round(random.nextDouble() * 0.05 * 1_000_000) / 1_000_000.0;
      rows.add(
          row(
              "gen-" + seed + "-" + i + "-" + Long.toHexString(random.nextLong()),
              "org-" + random.nextInt(5),
              NOW.getEpochSecond() - age,
              cost,
              1 + random.nextInt(8_000)));
    }
    return rows;
  }
}
