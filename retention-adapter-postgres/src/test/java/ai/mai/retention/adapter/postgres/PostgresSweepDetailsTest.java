package ai.mai.retention.adapter.postgres;

import static ai.mai.retention.core.contract.ContractClock.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.adapter.jdbc.CriteriaParameters;
import ai.mai.retention.adapter.jdbc.RetentionSessions;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.contract.ExpectedOutcome;
import ai.mai.retention.core.contract.ExpiredRecordStoreContract;
import ai.mai.retention.core.contract.GenerationRow;
import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.TableSnapshot;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import ai.mai.retention.core.port.out.RowArchive;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.scripting.defaults.DefaultParameterHandler;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the contract cannot see: exact money for any float, the plans, failures mid-sweep. */
class PostgresSweepDetailsTest {

  private static final String MAPPER = "ai.mai.retention.adapter.postgres.ExpiredRecordMapper.";

  private final List<PostgresTestDatabase> opened = new ArrayList<>();

  @AfterEach
  void dropDatabases() {
    opened.forEach(PostgresTestDatabase::close);
  }

  private PostgresTestDatabase database(SweepStrategy strategy) {
    PostgresTestDatabase database =
        PostgresTestDatabase.create(PostgresSettings.defaults().withSweepStrategy(strategy));
    opened.add(database);
    return database;
  }

  /**
   * Costs of every magnitude with all 17 significant digits: the server's sums equal the sums of
   * Java's {@code BigDecimal.valueOf(double)} of each row, in inspect and in both sweeps.
   */
  @Test
  void costsOfAnyFloatAreSummedAsJavaSeesEachRow() {
    Random random = new Random(20260601);
    List<GenerationRow> rows = new ArrayList<>();
    double[] specials = {0.1, 0.2, 0.30000000000000004, 1e-7, 123456.789, 2.5e-5, 0.000123};
    for (int i = 0; i < 1_500; i++) {
      double cost =
          i < specials.length
              ? specials[i]
              : random.nextDouble() * Math.pow(10, random.nextInt(10) - 6);
      long age = 1 + random.nextInt(180 * 86_400);
      rows.add(
          GenerationRow.at(
              "cost-" + i, "org-" + (i % 3), NOW.minusSeconds(age), cost, random.nextInt(9000)));
    }
    CleanupCriteria criteria = CleanupCriteria.uniform(NOW, 90);
    ExpectedOutcome expected = ExpectedOutcome.of(rows, criteria);

    for (SweepStrategy strategy : List.of(SweepStrategy.BLOCK_RANGE, SweepStrategy.KEYSET)) {
      PostgresTestDatabase database = database(strategy);
      database.insert(rows);
      TableSnapshot snapshot = database.store().inspect(criteria);
      assertThat(snapshot.expired()).as("inspect").isEqualTo(expected.deleted());

      OrganizationBreakdown deleted = drain(database, criteria, snapshot, 100);

      assertThat(deleted).as(strategy.name()).isEqualTo(expected.deleted());
      assertThat(database.remainingIds()).isEqualTo(expected.remainingIds());
    }
  }

  @Test
  void aBlockRangeBatchIsATidRangeScanWhateverThePredicate() {
    PostgresTestDatabase database = database(SweepStrategy.BLOCK_RANGE);
    database.insert(ExpiredRecordStoreContract.sampleRows(2_000, 17));
    analyze(database);

    for (CleanupCriteria criteria : criteria()) {
      BlockRangeBatch range =
          new BlockRangeBatch(new CriteriaParameters(TableName.DEFAULT, criteria), 500, 0, 8);
      String plan = explain(database, "prepareBlockRangeBatch", "deleteBlockRange", range);
      String capped = explain(database, "prepareBlockRangeBatch", "deleteBlockRangeCapped", range);

      assertThat(plan).contains("Tid Range Scan").doesNotContain("Seq Scan", "Index");
      assertThat(capped).contains("Tid Range Scan", "Tid Scan").doesNotContain("Seq Scan", "Index");
    }
  }

  /** {@code count} rows 100 days old, over four organizations. */
  private static List<GenerationRow> expiredRows(int count) {
    List<GenerationRow> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(
          GenerationRow.at(
              "old-" + i, "org-" + (i % 4), NOW.minusSeconds(100 * 86_400L), 0.01 * i, i));
    }
    return rows;
  }

  /** The table's real snapshot, but expiring nothing: the first block range is the whole heap. */
  private static TableSnapshot promisingNothingExpired(
      PostgresTestDatabase database, CleanupCriteria criteria) {
    TableSnapshot real = database.store().inspect(criteria);
    return new TableSnapshot(
        real.totalRecords(), 0, OrganizationBreakdown.EMPTY, real.newestProcessedAt());
  }

  /**
   * A snapshot that promises almost nothing expired makes the first range the whole heap; it holds
   * far more than a batch, so that batch is rolled back and taken capped, and ranges shrink.
   */
  @Test
  void aRangeHoldingMoreThanABatchIsRolledBackAndTakenCapped() {
    PostgresTestDatabase database = database(SweepStrategy.BLOCK_RANGE);
    List<GenerationRow> rows = expiredRows(1_000);
    database.insert(rows);
    CleanupCriteria criteria = CleanupCriteria.uniform(NOW, 90);
    TableSnapshot misleading = promisingNothingExpired(database, criteria);

    List<Long> batches = new ArrayList<>();
    OrganizationBreakdown total = OrganizationBreakdown.EMPTY;
    try (ExpiredRecordStore.Sweep sweep =
        database.store().openSweep(criteria, misleading, OptionalInt.of(100))) {
      for (Optional<OrganizationBreakdown> batch = sweep.deleteNextBatch();
          batch.isPresent();
          batch = sweep.deleteNextBatch()) {
        batches.add(batch.get().records());
        total = total.plus(batch.get());
      }
    }

    assertThat(batches.get(0)).isEqualTo(100);
    assertThat(batches).allSatisfy(records -> assertThat(records).isLessThanOrEqualTo(100));
    assertThat(total).isEqualTo(ExpectedOutcome.of(rows, criteria).deleted());
    assertThat(database.remainingIds()).isEmpty();
  }

  /**
   * The same over-full first range, archiving to a file: its sums say it is too big before its
   * first row, so no row of the rolled-back statement is read and compressed for nothing.
   */
  @Test
  void anOverFullRangeArchivingToAFileHandsOverOnlyTheRowsOfItsCommittedBatches() {
    PostgresTestDatabase database = database(SweepStrategy.BLOCK_RANGE);
    List<GenerationRow> rows = expiredRows(1_000);
    database.insert(rows);
    CleanupCriteria criteria = CleanupCriteria.uniform(NOW, 90);
    TableSnapshot misleading = promisingNothingExpired(database, criteria);
    java.util.concurrent.atomic.AtomicLong handedOver =
        new java.util.concurrent.atomic.AtomicLong();
    RowArchive.Writer counting =
        new RowArchive.Writer() {
          @Override
          public String runId() {
            return "run-1";
          }

          @Override
          public Optional<String> table() {
            return Optional.empty();
          }

          @Override
          public RowArchive.RowSink startBatch(List<String> columns) {
            return values -> handedOver.incrementAndGet();
          }

          @Override
          public void makeDurable() {}

          @Override
          public void batchCommitted(long rows) {}

          @Override
          public void batchFailed() {}

          @Override
          public ai.mai.retention.core.domain.ArchiveReport progress(long batchRows) {
            throw new UnsupportedOperationException();
          }

          @Override
          public ai.mai.retention.core.domain.ArchiveReport finish(
              ai.mai.retention.core.domain.CleanupReport report) {
            throw new UnsupportedOperationException();
          }
        };

    long deleted = 0;
    try (ExpiredRecordStore.Sweep sweep =
        database
            .store()
            .openSweep(
                criteria,
                misleading,
                OptionalInt.of(100),
                ExpiredRecordStore.BatchCheckpoint.NONE,
                counting)) {
      for (Optional<OrganizationBreakdown> batch = sweep.deleteNextBatch();
          batch.isPresent();
          batch = sweep.deleteNextBatch()) {
        deleted += batch.get().records();
      }
    }

    assertThat(deleted).isEqualTo(1_000);
    assertThat(handedOver).hasValue(deleted);
    assertThat(database.remainingIds()).isEmpty();
  }

  @Test
  void aKeysetBatchWalksTheProcessedAtIndexWithoutSorting() {
    PostgresTestDatabase database = database(SweepStrategy.KEYSET);
    database.insert(ExpiredRecordStoreContract.sampleRows(2_000, 19));
    analyze(database);

    for (CleanupCriteria criteria : criteria()) {
      String plan =
          explain(
              database,
              "prepareKeysetBatch",
              "deleteKeyset",
              new KeysetBatch(
                  new CriteriaParameters(TableName.DEFAULT, criteria), 500, 1_700_000_000L));

      assertThat(plan)
          .contains("Index Scan using idx_processed_generations_processed_at", "Tid Scan")
          .doesNotContain("Seq Scan", "Sort");
    }
  }

  /**
   * The policy reaches the plan as one jsonb constant, folded once at planning: each row costs a
   * key lookup in it, and 10,000 organizations make no branch, parameter or plan node of their own.
   */
  @Test
  void aLargePolicyIsOneFoldedJsonbConstantInThePlan() {
    PostgresTestDatabase database = database(SweepStrategy.KEYSET);
    database.insert(ExpiredRecordStoreContract.sampleRows(2_000, 23));
    analyze(database);
    java.util.Map<String, Integer> overrides = new java.util.TreeMap<>();
    java.util.Set<String> holds = new java.util.TreeSet<>();
    for (int i = 0; i < 10_000; i++) {
      overrides.put("tenant-" + i, 1 + i % 365);
      holds.add("held-" + i);
    }
    CleanupCriteria large = new CleanupCriteria(NOW, 90, overrides, holds);

    String plan =
        explain(
            database,
            "prepareKeysetBatch",
            "deleteKeyset",
            new KeysetBatch(new CriteriaParameters(TableName.DEFAULT, large), 500, null));

    assertThat(plan)
        .contains("Index Scan using idx_processed_generations_processed_at")
        .contains("::jsonb ->> client_org_id")
        .doesNotContain("$");
    assertThat(plan.lines().count()).isLessThan(30);
  }

  @Test
  void thePlannerSettingsAreLocalToTheBatch() {
    PostgresTestDatabase database = database(SweepStrategy.BLOCK_RANGE);
    SqlSessionFactory sessions = sessions(database);
    try (SqlSession session = sessions.openSession(false)) {
      session.getMapper(ExpiredRecordMapper.class).prepareBlockRangeBatch();
      assertThat(setting(session.getConnection(), "enable_indexscan")).isEqualTo("off");
      session.commit(true);
      assertThat(setting(session.getConnection(), "enable_indexscan")).isEqualTo("on");
      assertThat(setting(session.getConnection(), "extra_float_digits")).isNotEqualTo("3");
    }
  }

  @Test
  void aFailedBatchEndsTheSweepAndKeepsEveryRow() {
    PostgresTestDatabase database = database(SweepStrategy.BLOCK_RANGE);
    List<GenerationRow> rows = ExpiredRecordStoreContract.sampleRows(300, 23);
    database.insert(rows);
    CleanupCriteria criteria = CleanupCriteria.uniform(NOW, 90);
    TableSnapshot snapshot = database.store().inspect(criteria);

    try (ExpiredRecordStore.Sweep sweep =
        database.store().openSweep(criteria, snapshot, OptionalInt.of(50))) {
      // Another session makes the table unusable between two batches.
      database.execute(
          connection -> {
            try (Statement statement = connection.createStatement()) {
              statement.execute("ALTER TABLE processed_generations RENAME TO parked");
            }
            return null;
          });
      assertThatThrownBy(sweep::deleteNextBatch).hasMessageContaining("processed_generations");
      assertThat(sweep.deleteNextBatch()).isEmpty();
    }
    database.execute(
        connection -> {
          try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE parked RENAME TO processed_generations");
          }
          return null;
        });
    assertThat(database.remainingIds()).hasSize(rows.size());
  }

  @Test
  void rowsAddedBeyondTheBlocksTheSweepStartedWithWaitForTheNextRun() {
    PostgresTestDatabase database = database(SweepStrategy.BLOCK_RANGE);
    database.insert(ExpiredRecordStoreContract.sampleRows(300, 29));
    CleanupCriteria criteria = CleanupCriteria.uniform(NOW, 90);
    TableSnapshot snapshot = database.store().inspect(criteria);
    List<GenerationRow> late = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      late.add(GenerationRow.at("late-" + i, "org-a", NOW.minusSeconds(200 * 86_400L), 0.5, 1));
    }

    OrganizationBreakdown total = OrganizationBreakdown.EMPTY;
    try (ExpiredRecordStore.Sweep sweep =
        database.store().openSweep(criteria, snapshot, OptionalInt.of(1_000))) {
      // Backdated rows written while the sweep runs: most land in blocks added after it opened.
      database.insert(late);
      for (Optional<OrganizationBreakdown> batch = sweep.deleteNextBatch();
          batch.isPresent();
          batch = sweep.deleteNextBatch()) {
        total = total.plus(batch.get());
      }
    }

    long remaining = database.store().countRecords();
    assertThat(total.records())
        .as("the sweep counted exactly the rows that went")
        .isEqualTo(snapshot.totalRecords() + late.size() - remaining);
    long lateLeft = remaining - (snapshot.totalRecords() - snapshot.expiredRecords());
    assertThat(lateLeft).isPositive();
    assertThat(drain(database, criteria, database.store().inspect(criteria), 1_000).records())
        .isEqualTo(lateLeft);
  }

  private static List<CleanupCriteria> criteria() {
    return List.of(
        CleanupCriteria.uniform(NOW, 90),
        new CleanupCriteria(NOW, 90, Map.of("org-1", 150, "org-2", 30), Set.of("org-3")));
  }

  private static OrganizationBreakdown drain(
      PostgresTestDatabase database, CleanupCriteria criteria, TableSnapshot snapshot, int size) {
    OrganizationBreakdown total = OrganizationBreakdown.EMPTY;
    try (ExpiredRecordStore.Sweep sweep =
        database.store().openSweep(criteria, snapshot, OptionalInt.of(size))) {
      for (Optional<OrganizationBreakdown> batch = sweep.deleteNextBatch();
          batch.isPresent();
          batch = sweep.deleteNextBatch()) {
        assertThat(batch.get().records()).isLessThanOrEqualTo(size);
        total = total.plus(batch.get());
      }
    }
    return total;
  }

  private static SqlSessionFactory sessions(PostgresTestDatabase database) {
    return RetentionSessions.create(database.dataSource, PostgresDialect.INSTANCE);
  }

  /** EXPLAIN of one mapped statement with its parameters bound, after its planner settings. */
  private static String explain(
      PostgresTestDatabase database,
      String prepare,
      String statement,
      CriteriaParameters parameters) {
    SqlSessionFactory sessions = sessions(database);
    MappedStatement mapped = sessions.getConfiguration().getMappedStatement(MAPPER + statement);
    BoundSql bound = mapped.getBoundSql(parameters);
    try (SqlSession session = sessions.openSession(false)) {
      session.update(MAPPER + prepare);
      StringBuilder plan = new StringBuilder();
      try (PreparedStatement explain =
          session.getConnection().prepareStatement("EXPLAIN " + bound.getSql())) {
        new DefaultParameterHandler(mapped, parameters, bound).setParameters(explain);
        try (ResultSet rs = explain.executeQuery()) {
          while (rs.next()) {
            plan.append(rs.getString(1)).append('\n');
          }
        }
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
      session.rollback(true);
      return plan.toString();
    }
  }

  private static void analyze(PostgresTestDatabase database) {
    database.execute(
        connection -> {
          try (Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE processed_generations");
          }
          return null;
        });
  }

  private static String setting(Connection connection, String name) {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SHOW " + name)) {
      rs.next();
      return rs.getString(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
