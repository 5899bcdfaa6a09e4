package ai.mai.retention.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.CleanupGuards;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.OrganizationId;
import ai.mai.retention.core.domain.OrganizationTotals;
import ai.mai.retention.core.domain.RetentionPolicy;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.port.in.CleanupRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Randomized property: for random rows, organizations, overrides and holds, a run deletes exactly
 * the rows older than their organization's cutoff and not on hold, and its statistics equal a
 * ground truth computed here straight from the rows and the policy numbers (deliberately not
 * through {@code CleanupCriteria}). Each case is one seed; a failure names the seed and scenario.
 *
 * <p>The cases include what went wrong under attack (issue 12): clocks that jumped ahead of the
 * data, costs that are not finite numbers and negative token counts, policies naming thousands of
 * organizations, and an audit table that refuses the run's row.
 */
class RetentionPropertyTest {

  static final long DAY = 86_400L;
  static final Instant BASE = Instant.parse("2026-06-01T00:00:00Z");
  static final List<String> ORGANIZATIONS =
      List.of("org-a", "org-b", "org-c", "org-d", "tenant:7@mai.example");

  /** A generated world: the clock, the policy in plain numbers, the rows and the request knobs. */
  record Scenario(
      long seed,
      Instant now,
      int clockJumpDays,
      int defaultDays,
      Map<String, Integer> overrides,
      Set<String> holds,
      List<StoredRow> rows,
      int batchSize,
      boolean allowFullWipe,
      boolean auditRefuses) {

    int daysFor(String org) {
      return overrides.getOrDefault(org, defaultDays);
    }

    RetentionPolicy policy() {
      Map<OrganizationId, Integer> tenantDays = new TreeMap<>();
      overrides.forEach((org, days) -> tenantDays.put(new OrganizationId(org), days));
      Set<OrganizationId> held = new TreeSet<>();
      holds.forEach(org -> held.add(new OrganizationId(org)));
      return new RetentionPolicy(defaultDays, tenantDays, held);
    }

    CleanupRequest request(boolean dryRun) {
      return new CleanupRequest(
          policy(),
          CleanupTrigger.SCHEDULED,
          dryRun,
          OptionalInt.of(batchSize),
          new CleanupGuards(allowFullWipe, Optional.empty()),
          null);
    }

    @Override
    public String toString() {
      return "seed="
          + seed
          + " now="
          + now
          + " clockJumpDays="
          + clockJumpDays
          + " default="
          + defaultDays
          + " overrides="
          + (overrides.size() > 10 ? overrides.size() + " organizations" : overrides)
          + " holds="
          + (holds.size() > 10 ? holds.size() + " organizations" : holds)
          + " batch="
          + batchSize
          + " allowFullWipe="
          + allowFullWipe
          + " auditRefuses="
          + auditRefuses
          + " rows="
          + rows.size();
    }
  }

  /** What must happen, computed from the raw numbers only. */
  record GroundTruth(
      Set<String> deletedIds,
      Set<String> remainingIds,
      Map<String, Long> records,
      Map<String, Long> tokens,
      Map<String, BigDecimal> cost,
      Map<String, Long> notSummed) {

    static GroundTruth of(Scenario scenario) {
      long nowEpoch = scenario.now().getEpochSecond();
      Set<String> deleted = new TreeSet<>();
      Set<String> remaining = new TreeSet<>();
      Map<String, Long> records = new TreeMap<>();
      Map<String, Long> tokens = new TreeMap<>();
      Map<String, BigDecimal> cost = new TreeMap<>();
      Map<String, Long> notSummed = new TreeMap<>();
      for (StoredRow row : scenario.rows()) {
        String org = row.organizationId();
        boolean expired =
            !scenario.holds().contains(org)
                && row.processedAt() < nowEpoch - scenario.daysFor(org) * DAY;
        if (expired) {
          deleted.add(row.id());
          records.merge(org, 1L, Long::sum);
          tokens.merge(org, 0L, Long::sum);
          cost.merge(org, BigDecimal.ZERO, BigDecimal::add);
          notSummed.merge(org, 0L, Long::sum);
          if (Double.isFinite(row.cost()) && row.tokens() >= 0) {
            tokens.merge(org, row.tokens(), Long::sum);
            cost.merge(org, new BigDecimal(Double.toString(row.cost())), BigDecimal::add);
          } else {
            notSummed.merge(org, 1L, Long::sum);
          }
        } else {
          remaining.add(row.id());
        }
      }
      return new GroundTruth(deleted, remaining, records, tokens, cost, notSummed);
    }

    long deletedCount() {
      return deletedIds.size();
    }

    long notSummedCount() {
      return notSummed.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The guard that must refuse the run, from the raw numbers: it would delete every row not on
     * hold, or no row is newer than the shortest retention in force; nothing when the wipe is
     * allowed or nothing is expired.
     */
    Optional<String> refusal(Scenario scenario) {
      if (scenario.allowFullWipe() || deletedIds.isEmpty()) {
        return Optional.empty();
      }
      long held =
          scenario.rows().stream()
              .filter(row -> scenario.holds().contains(row.organizationId()))
              .count();
      if (deletedIds.size() == scenario.rows().size() - held) {
        return Optional.of("every row");
      }
      int shortest =
          Math.min(
              scenario.defaultDays(),
              scenario.overrides().values().stream()
                  .mapToInt(Integer::intValue)
                  .min()
                  .orElse(Integer.MAX_VALUE));
      long newest = scenario.rows().stream().mapToLong(StoredRow::processedAt).max().orElseThrow();
      if (newest < scenario.now().getEpochSecond() - shortest * DAY) {
        return Optional.of("newer than the shortest retention");
      }
      return Optional.empty();
    }
  }

  static Stream<Long> seeds() {
    return LongStream.range(0, 400).boxed();
  }

  static Scenario generate(long seed) {
    Random random = new Random(seed * 0x9E3779B97F4A7C15L + 17);
    Instant now =
        BASE.plusSeconds(random.nextInt(400) * DAY + random.nextInt((int) DAY))
            .plusNanos(random.nextInt(1_000_000_000));
    int defaultDays = 1 + random.nextInt(180);
    Map<String, Integer> overrides = new TreeMap<>();
    Set<String> holds = new TreeSet<>();
    for (String org : ORGANIZATIONS) {
      int pick = random.nextInt(6);
      if (pick < 2) {
        overrides.put(org, 1 + random.nextInt(200));
      } else if (pick == 2) {
        holds.add(org);
      }
    }
    // One case in eight names thousands of organizations that have no rows (a large policy).
    if (random.nextInt(8) == 0) {
      int extra = 1_000 + random.nextInt(2_000);
      for (int i = 0; i < extra; i++) {
        overrides.put("absent-" + i, 1 + random.nextInt(365));
        holds.add("absent-held-" + i);
      }
    }
    long nowEpoch = now.getEpochSecond();
    // One case in six: the clock jumped ahead of the data by 100 to 400 days.
    int clockJumpDays = random.nextInt(6) == 0 ? 100 + random.nextInt(300) : 0;
    long writtenUntil = nowEpoch - clockJumpDays * DAY;
    // Cutoffs of every retention in force: rows placed exactly on and one second either side.
    List<Long> cutoffs = new ArrayList<>();
    cutoffs.add(nowEpoch - defaultDays * DAY);
    overrides.values().forEach(days -> cutoffs.add(nowEpoch - days * DAY));
    int count = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(120);
    List<StoredRow> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String org = ORGANIZATIONS.get(random.nextInt(ORGANIZATIONS.size()));
      long processedAt;
      if (random.nextInt(3) == 0 && clockJumpDays == 0) {
        processedAt = cutoffs.get(random.nextInt(cutoffs.size())) + random.nextInt(3) - 1;
      } else {
        // About 200 days back to a day ahead (clock skew on a writer).
        processedAt = writtenUntil - 200 * DAY + (long) (random.nextDouble() * 201 * DAY);
      }
      // One row in fifteen holds what cannot be summed.
      boolean unsummable = random.nextInt(15) == 0;
      rows.add(
          new StoredRow(
              "row-" + i,
              org,
              processedAt,
              unsummable ? unsummableCost(random) : cost(random),
              unsummable && random.nextBoolean()
                  ? -1 - random.nextInt(5)
                  : random.nextInt(10_000)));
    }
    return new Scenario(
        seed,
        now,
        clockJumpDays,
        defaultDays,
        overrides,
        holds,
        rows,
        1 + random.nextInt(40),
        random.nextInt(4) != 0,
        random.nextInt(12) == 0);
  }

  /** Costs as the Python service stores them: floats that are not exact in binary. */
  static double cost(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> 0.1;
      case 1 -> 0.2;
      case 2 -> Math.round(random.nextDouble() * 5_000_000) / 1_000_000.0;
      default -> random.nextDouble() / 1000;
    };
  }

  /** A cost that is no finite number, or an ordinary one (the row's tokens are then negative). */
  static double unsummableCost(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> Double.NaN;
      case 1 -> Double.POSITIVE_INFINITY;
      case 2 -> Double.NEGATIVE_INFINITY;
      default -> 0.5;
    };
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aRunDeletesExactlyTheExpiredUnheldRowsAndCountsThemExactly(long seed) {
    Scenario scenario = generate(seed);
    GroundTruth truth = GroundTruth.of(scenario);
    InMemoryCleanupJournal journal = new InMemoryCleanupJournal();
    if (scenario.auditRefuses()) {
      journal.failOnStart(new IllegalStateException("the audit table does not take this row"));
    }
    InMemoryExpiredRecordStore store =
        new InMemoryExpiredRecordStore().insert(scenario.rows()).checkpointsTo(journal::checkpoint);
    RunCleanupService service =
        new RunCleanupService(
            store,
            journal,
            new InMemoryCleanupLock(),
            new RecordingCleanupListener(),
            new TestClock(scenario.now()),
            () -> "run-" + seed);

    CleanupReport report = service.runCleanup(scenario.request(false));

    String context = scenario.toString();
    long total = scenario.rows().size();
    if (scenario.auditRefuses()) {
      assertThat(report.status()).as(context).isEqualTo(RunStatus.FAILED);
      assertThat(report.error()).as(context).contains("nothing was deleted");
      assertThat(store.rows()).as(context).isEqualTo(scenario.rows());
      assertThat(journal.inFlight()).as(context + ": no marker left").isEmpty();
      assertThat(journal.entries()).as(context).isEmpty();
      return;
    }
    assertThat(report.recordsBefore()).as(context).isEqualTo(total);
    assertThat(report.recordsExpired()).as(context).isEqualTo(truth.deletedCount());
    if (truth.refusal(scenario).isPresent()) {
      assertThat(report.error()).as(context).contains(truth.refusal(scenario).get());
      assertThat(report.status()).as(context).isEqualTo(RunStatus.REFUSED);
      assertThat(report.recordsDeleted()).as(context).isZero();
      assertThat(store.rows()).as(context).hasSize((int) total);
      assertThat(journal.entries()).as(context).hasSize(1);
      return;
    }
    assertThat(report.status()).as(context).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(Set.copyOf(store.remainingIds())).as(context).isEqualTo(truth.remainingIds());
    assertMatches(report, truth, context);
    assertThat(report.recordsRemaining()).as(context).isEqualTo(truth.remainingIds().size());
    assertThat(report.batches())
        .as(context)
        .isEqualTo(
            (int) ((truth.deletedCount() + scenario.batchSize() - 1) / scenario.batchSize()));
    assertThat(journal.entries().get(0).recordsDeleted())
        .as(context)
        .isEqualTo(truth.deletedCount());
    assertThat(journal.entries().get(0).costRemoved())
        .as(context)
        .isEqualByComparingTo(
            truth.cost().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
    assertThat(journal.inFlight()).as(context).isEmpty();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aDryRunPreviewsTheSameRowsAndDeletesNothing(long seed) {
    Scenario scenario = generate(seed);
    GroundTruth truth = GroundTruth.of(scenario);
    InMemoryCleanupJournal journal = new InMemoryCleanupJournal();
    InMemoryExpiredRecordStore store =
        new InMemoryExpiredRecordStore().insert(scenario.rows()).checkpointsTo(journal::checkpoint);
    RunCleanupService service =
        new RunCleanupService(
            store,
            journal,
            new InMemoryCleanupLock(),
            null,
            new TestClock(scenario.now()),
            () -> "dry-" + seed);

    CleanupReport preview = service.runCleanup(scenario.request(true));

    String context = scenario.toString();
    assertThat(preview.status()).as(context).isEqualTo(RunStatus.DRY_RUN);
    assertMatches(preview, truth, context);
    assertThat(preview.recordsRemaining()).as(context).isEqualTo(truth.remainingIds().size());
    assertThat(store.rows()).as(context).isEqualTo(scenario.rows());
    assertThat(journal.untouched()).as(context).isTrue();
  }

  /** The generator must reach the cases that matter, or the properties above prove little. */
  @org.junit.jupiter.api.Test
  void theGeneratedScenariosCoverBoundariesHoldsOverridesAndRefusals() {
    int exactlyAtCutoff = 0;
    int heldButOld = 0;
    int overriddenDecides = 0;
    int fullWipes = 0;
    int clockAhead = 0;
    int clockJumps = 0;
    int multiBatch = 0;
    int notSummedDeleted = 0;
    int largePolicies = 0;
    int auditRefusals = 0;
    for (long seed : seeds().toList()) {
      Scenario scenario = generate(seed);
      GroundTruth truth = GroundTruth.of(scenario);
      long nowEpoch = scenario.now().getEpochSecond();
      for (StoredRow row : scenario.rows()) {
        String org = row.organizationId();
        long ownCutoff = nowEpoch - scenario.daysFor(org) * DAY;
        long defaultCutoff = nowEpoch - scenario.defaultDays() * DAY;
        if (row.processedAt() == ownCutoff) {
          exactlyAtCutoff++;
        }
        if (scenario.holds().contains(org) && row.processedAt() < defaultCutoff) {
          heldButOld++;
        }
        if (scenario.overrides().containsKey(org)
            && (row.processedAt() < ownCutoff) != (row.processedAt() < defaultCutoff)) {
          overriddenDecides++;
        }
      }
      if (truth.refusal(scenario).filter("every row"::equals).isPresent()) {
        fullWipes++;
      }
      if (truth.refusal(scenario).filter(reason -> reason.contains("newer")).isPresent()) {
        clockAhead++;
      }
      if (scenario.clockJumpDays() > 0) {
        clockJumps++;
      }
      if (truth.deletedCount() > scenario.batchSize()) {
        multiBatch++;
      }
      if (truth.notSummedCount() > 0 && truth.refusal(scenario).isEmpty()) {
        notSummedDeleted++;
      }
      if (scenario.overrides().size() > 1_000) {
        largePolicies++;
      }
      if (scenario.auditRefuses() && truth.deletedCount() > 0) {
        auditRefusals++;
      }
    }
    assertThat(exactlyAtCutoff).isGreaterThan(100);
    assertThat(heldButOld).isGreaterThan(100);
    assertThat(overriddenDecides).isGreaterThan(100);
    assertThat(fullWipes).isPositive();
    assertThat(clockAhead).isPositive();
    assertThat(clockJumps).isGreaterThan(30);
    assertThat(multiBatch).isGreaterThan(50);
    assertThat(notSummedDeleted).as("runs deleting rows that cannot be summed").isGreaterThan(50);
    assertThat(largePolicies).as("policies naming thousands").isGreaterThan(20);
    assertThat(auditRefusals).as("audit tables refusing a run with work").isGreaterThan(10);
  }

  private static void assertMatches(CleanupReport report, GroundTruth truth, String context) {
    assertThat(report.recordsDeleted()).as(context).isEqualTo(truth.deletedCount());
    Map<String, OrganizationTotals> byOrg = report.deleted().byOrganization();
    assertThat(byOrg.keySet()).as(context).isEqualTo(truth.records().keySet());
    truth
        .records()
        .forEach(
            (org, records) -> {
              OrganizationTotals totals = byOrg.get(org);
              assertThat(totals.records()).as(context + " records of " + org).isEqualTo(records);
              assertThat(totals.tokens())
                  .as(context + " tokens of " + org)
                  .isEqualTo(truth.tokens().get(org));
              assertThat(totals.cost())
                  .as(context + " cost of " + org)
                  .isEqualByComparingTo(truth.cost().get(org));
              assertThat(totals.notSummed())
                  .as(context + " rows not summed of " + org)
                  .isEqualTo(truth.notSummed().get(org));
            });
    assertThat(report.tokensRemoved())
        .as(context)
        .isEqualTo(truth.tokens().values().stream().mapToLong(Long::longValue).sum());
    assertThat(report.costRemoved())
        .as(context)
        .isEqualByComparingTo(
            truth.cost().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
    assertThat(report.recordsNotSummed()).as(context).isEqualTo(truth.notSummedCount());
  }
}
