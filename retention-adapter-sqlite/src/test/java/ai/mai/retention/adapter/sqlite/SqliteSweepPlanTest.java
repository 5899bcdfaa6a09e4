package ai.mai.retention.adapter.sqlite;

import static ai.mai.retention.core.contract.ContractClock.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.adapter.jdbc.CriteriaParameters;
import ai.mai.retention.adapter.jdbc.RetentionSessions;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.contract.ExpiredRecordStoreContract;
import ai.mai.retention.core.domain.CleanupCriteria;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.scripting.defaults.DefaultParameterHandler;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep's batch as SQLite plans it: a range of the processed_at index starting at the cursor,
 * in the index's own order (no sort), the policy looked up by primary key. So a batch reads from
 * where the last one stopped, and no batch reads again the rows earlier ones skipped.
 */
class SqliteSweepPlanTest {

  @TempDir Path directory;

  private static final String MAPPER = "ai.mai.retention.adapter.sqlite.ExpiredRecordMapper.";

  private String plan(SqliteTestDatabase database, CriteriaParameters batch, boolean policy) {
    SqlSessionFactory sessions =
        RetentionSessions.create(
            SqliteDataSources.forCleanup(database.url), SqliteDialect.INSTANCE);
    MappedStatement mapped = sessions.getConfiguration().getMappedStatement(MAPPER + "deleteBatch");
    BoundSql bound = mapped.getBoundSql(batch);
    try (SqlSession session = sessions.openSession(true)) {
      ExpiredRecordMapper mapper = session.getMapper(ExpiredRecordMapper.class);
      if (policy) {
        mapper.createPolicyTable();
        mapper.fillPolicyTable(batch);
      }
      StringBuilder plan = new StringBuilder();
      try (PreparedStatement explain =
          session.getConnection().prepareStatement("EXPLAIN QUERY PLAN " + bound.getSql())) {
        new DefaultParameterHandler(mapped, batch, bound).setParameters(explain);
        try (ResultSet rs = explain.executeQuery()) {
          while (rs.next()) {
            plan.append(rs.getString("detail")).append('\n');
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      return plan.toString();
    }
  }

  @Test
  void aBatchWalksTheProcessedAtIndexFromTheCursorWithoutSortingWhateverThePolicy() {
    SqliteTestDatabase database = SqliteTestDatabase.create(directory);
    database.insert(ExpiredRecordStoreContract.sampleRows(2_000, 41));
    database.run("ANALYZE");
    for (CleanupCriteria criteria :
        List.of(
            CleanupCriteria.uniform(NOW, 90),
            new CleanupCriteria(NOW, 90, Map.of("org-1", 180, "org-2", 30), Set.of("org-3")))) {
      SweepBatch batch =
          new SweepBatch(
              new CriteriaParameters(TableName.DEFAULT, criteria),
              500,
              true,
              1_770_000_000L,
              1234L);

      String plan = plan(database, batch, !batch.isUniform());

      assertThat(plan)
          .as(criteria.describe())
          .contains("INDEX idx_processed_generations_processed_at (processed_at>? AND")
          .doesNotContain("TEMP B-TREE")
          .doesNotContain("SCAN processed_generations");
      if (!batch.isUniform()) {
        assertThat(plan).contains("retention_policy USING PRIMARY KEY (org=?)");
      }
    }
  }

  @Test
  void withoutAProcessedAtIndexABatchWalksTheRowidsFromTheCursor() {
    SqliteTestDatabase database =
        SqliteTestDatabase.create(directory, SqliteTestDatabase.TEST_SETTINGS);
    database.run("DROP INDEX idx_processed_generations_processed_at");
    SweepBatch batch =
        new SweepBatch(
            new CriteriaParameters(TableName.DEFAULT, CleanupCriteria.uniform(NOW, 90)),
            500,
            false,
            null,
            1234L);

    String plan = plan(database, batch, false);

    assertThat(plan).contains("rowid>?").doesNotContain("TEMP B-TREE");
  }
}
