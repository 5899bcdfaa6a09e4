package ai.mai.retention.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.CleanupGuards;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.domain.OrganizationId;
import ai.mai.retention.core.domain.OrganizationTotals;
import ai.mai.retention.core.domain.RetentionPolicy;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.port.in.CleanupRequest;
import ai.mai.retention.core.port.out.CleanupListener;
import ai.mai.retention.core.service.RunCleanupService;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-organization retention, legal holds and the guards over one adapter's real ports, checked on
 * many seeded random cases: random rows (with rows on, and one second either side of, every cutoff
 * in force), random overrides, holds and guards. The expected outcome is computed here straight
 * from the generated rows and the policy numbers ({@code processedAt < now - days * 86400 &&
 * !held}), never through the core's own predicate, so a bug shared by core and adapter still fails.
 * A failing case names its seed and scenario.
 *
 * <p>Organizations in the data include ids that no policy may name (a quote, a SQL comment, a LIKE
 * wildcard, a case or trailing-space variant of an overridden id): they must always take the
 * default retention, which proves the ids are bound and compared exactly.
 */
public abstract class RetentionPolicyContract {

  static final long DAY = 86_400L;

  /** Ids a policy can name (the documented safe set). */
  static final List<String> POLICY_ORGANIZATIONS =
      List.of("org-a", "org-b", "org-c", "tenant:7@mai.example", "a.b_c-D");

  /** Ids that only occur in the data; a policy can never name them. */
  static final List<String> DATA_ONLY_ORGANIZATIONS =
      List.of("o'rg", "org-x;--", "org-a%", "ORG-A", "org-a ", "orgé");

  static final List<String> ORGANIZATIONS = concat(POLICY_ORGANIZATIONS, DATA_ONLY_ORGANIZATIONS);

  /** Cases per test by default; each is one seed, with up to {@link #MAX_ROWS} rows. */
  static final int CASES = 80;

  static final int MAX_ROWS = 300;

  protected RetentionTestDatabase database;

  /** A fresh, migrated database; one serves every case of a test. */
  protected abstract RetentionTestDatabase openDatabase();

  /**
   * Cases per randomized test. A subclass that runs the contract again under another setting of the
   * same adapter (a forced strategy, say) may run fewer.
   */
  protected int caseCount() {
    return CASES;
  }

  @BeforeEach
  void open() {
    database = openDatabase();
  }

  @AfterEach
  void closeDatabase() {
    database.close();
  }

  /** A generated world: the clock, the policy in plain numbers, the rows and the guards. */
  record Scenario(
      long seed,
      Instant now,
      int clockJumpDays,
      int defaultDays,
      Map<String, Integer> overrides,
      Set<String> holds,
      List<GenerationRow> rows,
      Set<String> unsummableIds,
      int batchSize,
      boolean allowFullWipe,
      OptionalInt maxDeletePercent,
      boolean auditRefuses) {

    int daysFor(String org) {
      return overrides.getOrDefault(org, defaultDays);
    }

    CleanupRequest request(boolean dryRun) {
      Map<OrganizationId, Integer> tenantDays = new TreeMap<>();
      overrides.forEach((org, days) -> tenantDays.put(new OrganizationId(org), days));
      Set<OrganizationId> held = new TreeSet<>();
      holds.forEach(org -> held.add(new OrganizationId(org)));
      Optional<Double> fraction =
          maxDeletePercent.isPresent()
              ? Optional.of(maxDeletePercent.getAsInt() / 100.0)
              : Optional.empty();
      return new CleanupRequest(
          new RetentionPolicy(defaultDays, tenantDays, held),
          CleanupTrigger.MANUAL,
          dryRun,
          OptionalInt.of(batchSize),
          new CleanupGuards(allowFullWipe, fraction),
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
          + " maxDeletePercent="
          + maxDeletePercent
          + " auditRefuses="
          + auditRefuses
          + " rows="
          + rows.size()
          + " unsummable="
          + unsummableIds.size();
    }
  }

  /** What must happen, from the raw numbers only. */
  record GroundTruth(
      List<String> remainingIds,
      Map<String, Long> records,
      Map<String, Long> tokens,
      Map<String, BigDecimal> cost,
      Map<String, Long> notSummed,
      Optional<String> refusal) {

    static GroundTruth of(Scenario scenario) {
      long nowEpoch = scenario.now().getEpochSecond();
      List<String> remaining = new ArrayList<>();
      Map<String, Long> records = new TreeMap<>();
      Map<String, Long> tokens = new TreeMap<>();
      Map<String, BigDecimal> cost = new TreeMap<>();
      Map<String, Long> notSummed = new TreeMap<>();
      for (GenerationRow row : scenario.rows()) {
        String org = row.organizationId();
        boolean expired =
            !scenario.holds().contains(org)
                && row.processedAt() < nowEpoch - scenario.daysFor(org) * DAY;
        if (expired) {
          records.merge(org, 1L, Long::sum);
          tokens.merge(org, 0L, Long::sum);
          cost.merge(org, BigDecimal.ZERO, BigDecimal::add);
          notSummed.merge(org, 0L, Long::sum);
          if (scenario.unsummableIds().contains(row.id())) {
            notSummed.merge(org, 1L, Long::sum);
          } else {
            tokens.merge(org, row.totalTokens(), Long::sum);
            cost.merge(org, new BigDecimal(Double.toString(row.totalCost())), BigDecimal::add);
          }
        } else {
          remaining.add(row.id());
        }
      }
      remaining.sort(null);
      long total = scenario.rows().size();
      long deleted = total - remaining.size();
      long held =
          scenario.rows().stream()
              .filter(row -> scenario.holds().contains(row.organizationId()))
              .count();
      int shortest =
          scenario.overrides().values().stream()
              .mapToInt(Integer::intValue)
              .reduce(scenario.defaultDays(), Math::min);
      long newest =
          scenario.rows().stream().mapToLong(GenerationRow::processedAt).max().orElse(nowEpoch);
      Optional<String> refusal = Optional.empty();
      if (deleted > 0 && deleted == total - held && !scenario.allowFullWipe()) {
        // Every row not on hold: a wipe, however many held rows stay.
        refusal = Optional.of("every row");
      } else if (deleted > 0 && newest < nowEpoch - shortest * DAY && !scenario.allowFullWipe()) {
        refusal = Optional.of("newer than the shortest retention");
      } else if (scenario.maxDeletePercent().isPresent()
          && deleted * 100 > scenario.maxDeletePercent().getAsInt() * total) {
        refusal = Optional.of("CLEANUP_MAX_DELETE_FRACTION");
      }
      return new GroundTruth(remaining, records, tokens, cost, notSummed, refusal);
    }

    long deletedCount() {
      return records.values().stream().mapToLong(Long::longValue).sum();
    }

    long tokenSum() {
      return tokens.values().stream().mapToLong(Long::longValue).sum();
    }

    BigDecimal costSum() {
      return cost.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    long notSummedCount() {
      return notSummed.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  static Scenario generate(long seed) {
    Random random = new Random(seed * 0x9E3779B97F4A7C15L + 4711);
    // Later seeds run later, so the journal's newest row is always the latest run.
    Instant now =
        ContractClock.NOW
            .plusSeconds(seed * DAY + random.nextInt((int) DAY))
            .plusNanos(random.nextInt(1_000_000_000));
    int defaultDays = 1 + random.nextInt(180);
    Map<String, Integer> overrides = new TreeMap<>();
    Set<String> holds = new TreeSet<>();
    // One case in eight has no per-organization policy at all: the plain predicate.
    if (random.nextInt(8) != 0) {
      for (String org : POLICY_ORGANIZATIONS) {
        int pick = random.nextInt(6);
        if (pick < 2) {
          overrides.put(org, 1 + random.nextInt(200));
        } else if (pick == 2) {
          holds.add(org);
        }
      }
    }
    // One case in ten names hundreds to thousands of organizations that have no rows.
    if (random.nextInt(10) == 0) {
      int extra = 500 + random.nextInt(1_500);
      for (int i = 0; i < extra; i++) {
        overrides.put("absent-" + i, 1 + random.nextInt(365));
        holds.add("absent-held-" + i);
      }
    }
    long nowEpoch = now.getEpochSecond();
    // One case in five: the clock jumped 100 to 400 days ahead of the data (the rows were written
    // while it read that much less), which the guards must catch.
    int clockJumpDays = random.nextInt(5) == 0 ? 100 + random.nextInt(300) : 0;
    long writtenUntil = nowEpoch - clockJumpDays * DAY;
    List<Long> cutoffs = new ArrayList<>();
    cutoffs.add(nowEpoch - defaultDays * DAY);
    overrides.values().forEach(days -> cutoffs.add(nowEpoch - days * DAY));
    int count = random.nextInt(12) == 0 ? random.nextInt(3) : 1 + random.nextInt(MAX_ROWS);
    // A few cases use one organization only, so whole-table wipes and their refusal occur.
    List<String> organizations =
        random.nextInt(6) == 0
            ? List.of(ORGANIZATIONS.get(random.nextInt(ORGANIZATIONS.size())))
            : ORGANIZATIONS;
    List<GenerationRow> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String org = organizations.get(random.nextInt(organizations.size()));
      long processedAt;
      int shape = random.nextInt(6);
      if (shape < 2 && clockJumpDays == 0) {
        // On a cutoff or one second either side of it.
        processedAt = cutoffs.get(random.nextInt(cutoffs.size())) + random.nextInt(3) - 1;
      } else if (shape == 2 && organizations.size() == 1) {
        processedAt = writtenUntil - 300 * DAY + random.nextInt((int) DAY);
      } else {
        // About 200 days back to a day ahead (clock skew on a writer).
        processedAt = writtenUntil - 200 * DAY + (long) (random.nextDouble() * 201 * DAY);
      }
      rows.add(
          GenerationRow.at(
              "gen-" + seed + "-" + i,
              org,
              Instant.ofEpochSecond(processedAt),
              cost(random),
              random.nextInt(1_000_000)));
    }
    OptionalInt maxDeletePercent =
        random.nextInt(5) == 0 ? OptionalInt.of(random.nextInt(101)) : OptionalInt.empty();
    // One row in fifteen holds a cost or tokens that cannot be summed (see unsummableValues).
    Set<String> unsummable = new TreeSet<>();
    for (GenerationRow row : rows) {
      if (random.nextInt(15) == 0) {
        unsummable.add(row.id());
      }
    }
    boolean auditRefuses = random.nextInt(10) == 0;
    return new Scenario(
        seed,
        now,
        clockJumpDays,
        defaultDays,
        overrides,
        holds,
        rows,
        unsummable,
        // Mostly tens of rows per batch; one case in four tiny batches (down to one row).
        random.nextInt(4) == 0 ? 1 + random.nextInt(5) : 5 + random.nextInt(100),
        random.nextInt(4) != 0,
        maxDeletePercent,
        auditRefuses);
  }

  /** Costs as the Python service stores them: floats that are not exact in binary. */
  static double cost(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> 0.1;
      case 1 -> 0.2;
      case 2 -> 0.0;
      case 3 -> Math.round(random.nextDouble() * 5_000_000) / 1_000_000.0;
      default -> random.nextDouble() / 1000;
    };
  }

  private RunCleanupService service(Instant now) {
    return new RunCleanupService(
        database.store(),
        database.journal(),
        database.lock(),
        CleanupListener.NONE,
        Clock.fixed(now, ZoneOffset.UTC));
  }

  /**
   * The scenario's rows: ordinary ones through {@link RetentionTestDatabase#insert}, the ones that
   * cannot be summed with this database's own literals for such values.
   */
  private void insert(Scenario scenario) {
    List<GenerationRow> ordinary = new ArrayList<>();
    List<String[]> values = database.unsummableValues();
    int next = 0;
    for (GenerationRow row : scenario.rows()) {
      if (!scenario.unsummableIds().contains(row.id())) {
        ordinary.add(row);
        continue;
      }
      String[] value = values.get(next++ % values.size());
      database.run(
          "INSERT INTO processed_generations (id, client_org_id, generation_date, processed_at,"
              + " total_cost, total_tokens) VALUES ('"
              + row.id()
              + "', '"
              + row.organizationId().replace("'", "''")
              + "', '"
              + row.generationDate()
              + "', "
              + row.processedAt()
              + ", "
              + value[0]
              + ", "
              + value[1]
              + ")");
    }
    database.insert(ordinary);
  }

  @Test
  void aRunDeletesExactlyTheExpiredUnheldRowsAndJournalsExactStatistics() {
    for (long seed = 0; seed < caseCount(); seed++) {
      Scenario scenario = generate(seed);
      GroundTruth truth = GroundTruth.of(scenario);
      String context = scenario.toString();
      database.deleteAllRows();
      insert(scenario);
      long auditRowsBefore = database.auditRowCount();
      if (scenario.auditRefuses()) {
        database.refuseAuditRows();
        CleanupReport refused = service(scenario.now()).runCleanup(scenario.request(false));
        database.acceptAuditRows();
        assertThat(refused.status()).as(context).isEqualTo(RunStatus.FAILED);
        assertThat(refused.error()).as(context).contains("nothing was deleted");
        assertThat(database.remainingIds()).as(context).isEqualTo(allIds(scenario));
        assertThat(database.auditRowCount()).as(context).isEqualTo(auditRowsBefore);
        assertThat(database.queryForLong("SELECT count(*) FROM retention_run"))
            .as(context + ": no marker left")
            .isZero();
        continue;
      }

      CleanupReport report = service(scenario.now()).runCleanup(scenario.request(false));

      long total = scenario.rows().size();
      assertThat(report.recordsBefore()).as(context).isEqualTo(total);
      assertThat(report.recordsExpired()).as(context).isEqualTo(truth.deletedCount());
      assertThat(database.auditRowCount()).as(context).isEqualTo(auditRowsBefore + 1);
      JournalEntry entry = journalEntryOf(report, context);
      assertJournalDescribesPolicy(entry, scenario, context);
      if (truth.refusal().isPresent()) {
        assertThat(report.status()).as(context).isEqualTo(RunStatus.REFUSED);
        assertThat(report.error()).as(context).contains(truth.refusal().get());
        assertThat(report.recordsDeleted()).as(context).isZero();
        assertThat(report.recordsRemaining()).as(context).isEqualTo(total);
        assertThat(database.remainingIds()).as(context).isEqualTo(allIds(scenario));
        assertThat(entry.success()).as(context).isFalse();
        assertThat(entry.status()).as(context).isEqualTo("refused");
        assertThat(entry.errorMessage()).as(context).contains(truth.refusal().get());
        assertThat(entry.recordsDeleted()).as(context).isZero();
        continue;
      }
      assertThat(report.status()).as(context + " " + report.error()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(database.remainingIds()).as(context).isEqualTo(truth.remainingIds());
      assertStatistics(report, truth, context);
      assertThat(report.recordsRemaining()).as(context).isEqualTo(truth.remainingIds().size());
      assertThat(entry.success()).as(context).isTrue();
      assertThat(entry.status()).as(context).isEqualTo("succeeded");
      assertThat(entry.recordsBefore()).as(context).isEqualTo(total);
      assertThat(entry.recordsDeleted()).as(context).isEqualTo(truth.deletedCount());
      assertThat(entry.recordsRemaining()).as(context).isEqualTo(truth.remainingIds().size());
      assertThat(entry.tokensRemoved()).as(context).isEqualTo(truth.tokenSum());
      assertThat(entry.recordsNotSummed()).as(context).isEqualTo(truth.notSummedCount());
      // The audit column is a FLOAT: exact to the double nearest the exact sum.
      assertThat(entry.costRemoved().doubleValue())
          .as(context)
          .isEqualTo(truth.costSum().doubleValue());
    }
  }

  @Test
  void aDryRunPreviewsExactlyTheExpiredUnheldRowsAndChangesNothing() {
    for (long seed = 1_000; seed < 1_000 + caseCount(); seed++) {
      Scenario scenario = generate(seed);
      GroundTruth truth = GroundTruth.of(scenario);
      String context = scenario.toString();
      database.deleteAllRows();
      insert(scenario);
      long auditRowsBefore = database.auditRowCount();

      CleanupReport preview = service(scenario.now()).runCleanup(scenario.request(true));

      assertThat(preview.status()).as(context).isEqualTo(RunStatus.DRY_RUN);
      assertThat(preview.recordsBefore()).as(context).isEqualTo(scenario.rows().size());
      assertThat(preview.recordsExpired()).as(context).isEqualTo(truth.deletedCount());
      assertStatistics(preview, truth, context);
      assertThat(preview.recordsRemaining()).as(context).isEqualTo(truth.remainingIds().size());
      if (truth.refusal().isPresent()) {
        assertThat(preview.error())
            .as(context)
            .startsWith("would refuse")
            .contains(truth.refusal().get());
      } else {
        assertThat(preview.error()).as(context).isNull();
      }
      assertThat(database.remainingIds()).as(context).isEqualTo(allIds(scenario));
      assertThat(database.auditRowCount()).as(context).isEqualTo(auditRowsBefore);
    }
  }

  @Test
  void epochMillisecondsAreRefusedSayingSoAndNothingIsDeleted() {
    long nowMillis = ContractClock.NOW.toEpochMilli();
    LocalDate today = LocalDate.ofInstant(ContractClock.NOW, ZoneOffset.UTC);
    List<GenerationRow> rows = new ArrayList<>();
    // Seconds rows that a 90-day policy would delete, next to rows written in milliseconds.
    rows.add(
        GenerationRow.at(
            "seconds-old", "org-a", ContractClock.daysAgo(200), 0.1, 10)); // expired as seconds
    rows.add(GenerationRow.at("seconds-new", "org-b", ContractClock.daysAgo(1), 0.2, 20));
    for (int i = 0; i < 5; i++) {
      rows.add(
          new GenerationRow(
              "millis-" + i, "org-c", today.minusDays(i), nowMillis - i * DAY * 1000, 0.3, 30));
    }
    database.insert(rows);
    List<String> before = database.remainingIds();
    long auditRowsBefore = database.auditRowCount();
    RetentionPolicy policy =
        RetentionPolicy.ofDays(90).withTenantDays(Map.of(new OrganizationId("org-c"), 1));

    for (boolean allowFullWipe : new boolean[] {false, true}) {
      CleanupRequest request =
          new CleanupRequest(
              policy,
              CleanupTrigger.MANUAL,
              false,
              OptionalInt.empty(),
              new CleanupGuards(allowFullWipe, Optional.empty()),
              null);

      CleanupReport preview = service(ContractClock.NOW).runCleanup(request.asDryRun());
      CleanupReport refused = service(ContractClock.NOW).runCleanup(request);

      String context = "allowFullWipe=" + allowFullWipe;
      assertThat(preview.error()).as(context).startsWith("would refuse").contains("milliseconds");
      assertThat(refused.status()).as(context).isEqualTo(RunStatus.REFUSED);
      assertThat(refused.error())
          .as(context)
          .contains("milliseconds")
          .contains("epoch seconds")
          .contains(Long.toString(nowMillis));
      assertThat(refused.recordsDeleted()).as(context).isZero();
      assertThat(database.remainingIds()).as(context).isEqualTo(before);
      JournalEntry entry = journalEntryOf(refused, context);
      assertThat(entry.success()).as(context).isFalse();
      assertThat(entry.status()).as(context).isEqualTo("refused");
      assertThat(entry.errorMessage()).as(context).contains("milliseconds");
    }
    assertThat(database.auditRowCount()).isEqualTo(auditRowsBefore + 2);
  }

  /**
   * The case: SQLite failed every real run at 495 overrides ("Expression tree is too
   * large") while a dry run passed, and PostgreSQL sat in JIT compilation for minutes at 2,500 to
   * 10,000. A policy of 10,000 overrides and 10,000 holds must preview and run exactly.
   */
  @Test
  void aPolicyOfTenThousandOverridesAndTenThousandHoldsPreviewsAndRunsExactly() {
    Instant now = ContractClock.NOW;
    long nowEpoch = now.getEpochSecond();
    Map<OrganizationId, Integer> overrides = new TreeMap<>();
    Set<OrganizationId> holds = new TreeSet<>();
    Map<String, Integer> daysOf = new TreeMap<>();
    for (int i = 0; i < 10_000; i++) {
      int days = 1 + (i * 37) % 365;
      overrides.put(new OrganizationId("tenant-" + i), days);
      daysOf.put("tenant-" + i, days);
      holds.add(new OrganizationId("held-" + i));
    }
    Random random = new Random(99);
    List<GenerationRow> rows = new ArrayList<>();
    long expired = 0;
    long expiredTokens = 0;
    for (int i = 0; i < 6_000; i++) {
      int kind = i % 3;
      String org =
          switch (kind) {
            case 0 -> "tenant-" + random.nextInt(10_000);
            case 1 -> "held-" + random.nextInt(10_000);
            default -> "plain-" + random.nextInt(50);
          };
      long processedAt = nowEpoch - (long) (random.nextDouble() * 400 * DAY);
      boolean gone = kind != 1 && processedAt < nowEpoch - daysOf.getOrDefault(org, 90) * DAY;
      expired += gone ? 1 : 0;
      long tokens = 1 + random.nextInt(1_000);
      expiredTokens += gone ? tokens : 0;
      rows.add(
          GenerationRow.at("large-" + i, org, Instant.ofEpochSecond(processedAt), 0.5, tokens));
    }
    database.insert(rows);
    CleanupRequest request =
        new CleanupRequest(
            new RetentionPolicy(90, overrides, holds),
            CleanupTrigger.MANUAL,
            false,
            OptionalInt.of(500),
            CleanupGuards.DEFAULT,
            null);

    CleanupReport preview = service(now).runCleanup(request.asDryRun());
    CleanupReport run = service(now).runCleanup(request);

    assertThat(preview.status()).as(String.valueOf(preview.error())).isEqualTo(RunStatus.DRY_RUN);
    assertThat(preview.error()).isNull();
    assertThat(preview.recordsDeleted()).isEqualTo(expired);
    assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.recordsDeleted()).isEqualTo(expired);
    assertThat(run.tokensRemoved()).isEqualTo(expiredTokens);
    assertThat(run.deleted().byOrganization().keySet()).noneMatch(org -> org.startsWith("held-"));
    assertThat(database.remainingIds()).hasSize(rows.size() - (int) expired);
    assertThat(
            database.queryForLong(
                "SELECT count(*) FROM processed_generations WHERE client_org_id LIKE 'held-%'"))
        .isEqualTo(2_000);
    assertThat(journalEntryOf(run, "large policy").recordsDeleted()).isEqualTo(expired);
  }

  /** The generator must reach the cases that matter, or the tests above prove little. */
  @Test
  void theGeneratedCasesCoverBoundariesHoldsOverridesUnsafeIdsAndRefusals() {
    int[] onCutoff = new int[3];
    int heldButOld = 0;
    int overrideDecides = 0;
    int unsafeIdExpired = 0;
    int variantOfOverriddenKept = 0;
    int uniform = 0;
    int wipeRefused = 0;
    int wipeWithHeldRowsRefused = 0;
    int clockAheadRefused = 0;
    int fractionRefused = 0;
    int wipePermitted = 0;
    int multiBatch = 0;
    int unsummableDeleted = 0;
    int largePolicies = 0;
    int auditRefusals = 0;
    List<Long> seeds = new ArrayList<>();
    for (long seed = 0; seed < CASES; seed++) {
      seeds.add(seed);
      seeds.add(1_000 + seed);
    }
    for (long seed : seeds) {
      Scenario scenario = generate(seed);
      GroundTruth truth = GroundTruth.of(scenario);
      long nowEpoch = scenario.now().getEpochSecond();
      long defaultCutoff = nowEpoch - scenario.defaultDays() * DAY;
      for (GenerationRow row : scenario.rows()) {
        String org = row.organizationId();
        long own = nowEpoch - scenario.daysFor(org) * DAY;
        long offset = row.processedAt() - own;
        if (offset >= -1 && offset <= 1) {
          onCutoff[(int) offset + 1]++;
        }
        if (scenario.holds().contains(org) && row.processedAt() < defaultCutoff) {
          heldButOld++;
        }
        if (scenario.overrides().containsKey(org)
            && (row.processedAt() < own) != (row.processedAt() < defaultCutoff)) {
          overrideDecides++;
        }
        if (DATA_ONLY_ORGANIZATIONS.contains(org) && row.processedAt() < defaultCutoff) {
          unsafeIdExpired++;
        }
        if ((org.equals("ORG-A") || org.equals("org-a ") || org.equals("org-a%"))
            && scenario.overrides().containsKey("org-a")
            && (row.processedAt() < nowEpoch - scenario.overrides().get("org-a") * DAY)
                != (row.processedAt() < defaultCutoff)) {
          variantOfOverriddenKept++;
        }
      }
      if (scenario.overrides().isEmpty() && scenario.holds().isEmpty()) {
        uniform++;
      }
      if (truth.deletedCount() > 2L * scenario.batchSize()) {
        multiBatch++;
      }
      if (truth.notSummedCount() > 0 && truth.refusal().isEmpty() && !scenario.auditRefuses()) {
        unsummableDeleted++;
      }
      if (scenario.overrides().size() > 100) {
        largePolicies++;
      }
      if (scenario.auditRefuses() && truth.deletedCount() > 0 && seed < 1_000) {
        auditRefusals++;
      }
      boolean wipe = !scenario.rows().isEmpty() && truth.remainingIds().isEmpty();
      if (truth.refusal().filter("every row"::equals).isPresent()) {
        wipeRefused++;
        if (scenario.rows().stream()
            .anyMatch(row -> scenario.holds().contains(row.organizationId()))) {
          wipeWithHeldRowsRefused++;
        }
      } else if (truth.refusal().filter(reason -> reason.contains("newer")).isPresent()) {
        clockAheadRefused++;
      } else if (truth.refusal().isPresent()) {
        fractionRefused++;
      } else if (wipe) {
        wipePermitted++;
      }
    }
    assertThat(onCutoff[0]).as("rows one second before their cutoff").isGreaterThan(50);
    assertThat(onCutoff[1]).as("rows exactly on their cutoff").isGreaterThan(50);
    assertThat(onCutoff[2]).as("rows one second after their cutoff").isGreaterThan(50);
    assertThat(heldButOld).isGreaterThan(100);
    assertThat(overrideDecides).isGreaterThan(100);
    assertThat(unsafeIdExpired).isGreaterThan(100);
    assertThat(variantOfOverriddenKept).isGreaterThan(10);
    assertThat(uniform).isPositive();
    assertThat(wipeRefused).isPositive();
    assertThat(wipeWithHeldRowsRefused).as("wipes of every row not on hold").isPositive();
    assertThat(clockAheadRefused).as("no row newer than the shortest retention").isPositive();
    assertThat(fractionRefused).isPositive();
    assertThat(wipePermitted).isPositive();
    assertThat(multiBatch).as("cases that take three batches or more").isGreaterThan(40);
    assertThat(unsummableDeleted).as("runs deleting rows that cannot be summed").isGreaterThan(40);
    assertThat(largePolicies).as("policies naming hundreds or more").isGreaterThan(8);
    assertThat(auditRefusals).as("audit tables refusing a run with work").isGreaterThan(3);
  }

  private JournalEntry journalEntryOf(CleanupReport report, String context) {
    return database.journal().recentRuns(10_000).stream()
        .filter(entry -> report.runId().equals(entry.runId()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(context + ": no audit row for " + report.runId()));
  }

  /**
   * The journal's {@code retention_policy} names the default, every override with its days and
   * every held organization; checked piece by piece, so the order of the parts is free.
   */
  private static void assertJournalDescribesPolicy(
      JournalEntry entry, Scenario scenario, String context) {
    String policy = entry.retentionPolicy();
    assertThat(policy).as(context).isNotNull();
    List<String> parts = Arrays.asList(policy.split(";"));
    assertThat(parts).as(context + " " + policy).contains("default=" + scenario.defaultDays());
    scenario
        .overrides()
        .forEach(
            (org, days) -> assertThat(parts).as(context + " " + policy).contains(org + "=" + days));
    Optional<String> held = parts.stream().filter(part -> part.startsWith("hold=")).findFirst();
    if (scenario.holds().isEmpty()) {
      assertThat(held).as(context + " " + policy).isEmpty();
    } else {
      assertThat(held).as(context + " " + policy).isPresent();
      assertThat(new TreeSet<>(Arrays.asList(held.get().substring("hold=".length()).split(","))))
          .as(context + " " + policy)
          .isEqualTo(scenario.holds());
    }
    assertThat(parts)
        .as(context + " " + policy)
        .hasSize(1 + scenario.overrides().size() + (scenario.holds().isEmpty() ? 0 : 1));
    assertThat(entry.daysRetained()).as(context).isEqualTo(scenario.defaultDays());
    assertThat(entry.cutoffDate())
        .as(context)
        .isEqualTo(
            LocalDate.ofInstant(
                Instant.ofEpochSecond(
                    scenario.now().getEpochSecond() - scenario.defaultDays() * DAY),
                ZoneOffset.UTC));
  }

  private static void assertStatistics(CleanupReport report, GroundTruth truth, String context) {
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
            });
    assertThat(report.tokensRemoved()).as(context).isEqualTo(truth.tokenSum());
    assertThat(report.costRemoved()).as(context).isEqualByComparingTo(truth.costSum());
    assertThat(report.recordsNotSummed()).as(context).isEqualTo(truth.notSummedCount());
    truth
        .notSummed()
        .forEach(
            (org, count) ->
                assertThat(byOrg.get(org).notSummed())
                    .as(context + " rows not summed of " + org)
                    .isEqualTo(count));
  }

  private static List<String> allIds(Scenario scenario) {
    List<String> ids = new ArrayList<>();
    scenario.rows().forEach(row -> ids.add(row.id()));
    ids.sort(null);
    return ids;
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return List.copyOf(all);
  }
}
