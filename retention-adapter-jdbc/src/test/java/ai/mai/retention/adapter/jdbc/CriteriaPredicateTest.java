package ai.mai.retention.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.CleanupCriteria;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.ParameterMapping;
import org.apache.ibatis.reflection.MetaObject;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSessionFactory;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

/** The shared predicate as MyBatis renders it for each database: the SQL text and what is bound. */
class CriteriaPredicateTest {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final long DAY = 86_400;
  private static final long NOW_EPOCH = NOW.getEpochSecond();

  private record Rendered(String sql, List<Object> values) {}

  private static Rendered render(Dialect dialect, CleanupCriteria criteria) {
    SqlSessionFactory sessions =
        RetentionSessions.create(
            new SQLiteDataSource(),
            dialect,
            List.of("ai/mai/retention/adapter/jdbc/PredicateProbe.xml"));
    Configuration configuration = sessions.getConfiguration();
    CriteriaParameters parameters = new CriteriaParameters(TableName.DEFAULT, criteria);
    BoundSql bound =
        configuration.getMappedStatement("test.PredicateProbe.expired").getBoundSql(parameters);
    MetaObject meta = configuration.newMetaObject(parameters);
    List<Object> values =
        bound.getParameterMappings().stream()
            .map(ParameterMapping::getProperty)
            .map(
                property ->
                    bound.hasAdditionalParameter(property)
                        ? bound.getAdditionalParameter(property)
                        : meta.getValue(property))
            .toList();
    return new Rendered(normalize(bound.getSql()), values);
  }

  private static String normalize(String sql) {
    return sql.replaceAll("\\s+", " ")
        .replace("( ", "(")
        .replace(" )", ")")
        .replace(" ,", ",")
        .trim();
  }

  @Test
  void aUniformPolicyIsOneRangeConditionOnBothDatabases() {
    for (Dialect dialect : Dialect.values()) {
      Rendered rendered = render(dialect, CleanupCriteria.uniform(NOW, 90));

      assertThat(rendered.sql())
          .as(dialect.name())
          .isEqualTo("SELECT id FROM processed_generations WHERE processed_at < ?");
      assertThat(rendered.values()).containsExactly(NOW_EPOCH - 90 * DAY);
    }
  }

  @Test
  void sqliteJoinsThePolicyTableAndBindsTwoCutoffs() {
    CleanupCriteria criteria =
        new CleanupCriteria(NOW, 90, Map.of("org-a", 180, "org-b", 30), Set.of("org-c"));

    Rendered rendered = render(Dialect.SQLITE, criteria);

    assertThat(rendered.sql())
        .isEqualTo(
            "SELECT id FROM processed_generations LEFT JOIN temp.retention_policy AS"
                + " retention_policy ON retention_policy.org = client_org_id WHERE processed_at < ?"
                + " AND processed_at < coalesce(retention_policy.cutoff, ?)");
    assertThat(rendered.values()).containsExactly(NOW_EPOCH - 30 * DAY, NOW_EPOCH - 90 * DAY);
  }

  @Test
  void postgresqlLooksTheOrganizationUpInTheBoundPolicy() {
    CleanupCriteria criteria =
        new CleanupCriteria(NOW, 90, Map.of("org-a", 180, "org-b", 30), Set.of("org-c"));

    Rendered rendered = render(Dialect.POSTGRESQL, criteria);

    assertThat(rendered.sql())
        .isEqualTo(
            "SELECT id FROM processed_generations WHERE processed_at < ? AND processed_at <"
                + " coalesce(CAST(CAST(? AS jsonb) ->> client_org_id AS bigint), ?)");
    assertThat(rendered.values())
        .containsExactly(
            NOW_EPOCH - 30 * DAY,
            "{\"org-a\":"
                + (NOW_EPOCH - 180 * DAY)
                + ",\"org-b\":"
                + (NOW_EPOCH - 30 * DAY)
                + ",\"org-c\":"
                + Long.MIN_VALUE
                + "}",
            NOW_EPOCH - 90 * DAY);
  }

  @Test
  void aHeldOrganizationWithAnOverrideIsHeld() {
    // RetentionPolicy forbids this combination; the parameters must be safe even so.
    CleanupCriteria criteria = new CleanupCriteria(NOW, 90, Map.of("org-c", 1), Set.of("org-c"));

    CriteriaParameters parameters = new CriteriaParameters(TableName.DEFAULT, criteria);

    assertThat(parameters.organizationCutoffs())
        .containsExactly(Map.entry("org-c", Long.MIN_VALUE));
    assertThat(parameters.getLatestCutoff()).isEqualTo(NOW_EPOCH - 90 * DAY);
  }

  @Test
  void aPolicyOfAnySizeIsTheSameTwoOrThreeParameters() {
    Map<String, Integer> overrides = new TreeMap<>();
    Set<String> holds = new TreeSet<>();
    for (int i = 0; i < 10_000; i++) {
      overrides.put("org-" + i, 1 + i % 365);
      holds.add("held-" + i);
    }
    CleanupCriteria large = new CleanupCriteria(NOW, 90, overrides, holds);

    assertThat(render(Dialect.SQLITE, large).values()).hasSize(2);
    assertThat(render(Dialect.POSTGRESQL, large).values()).hasSize(3);
  }

  @Test
  void organizationIdsAreNeverInTheSqlTextAndAreEscapedInTheJson() {
    String hostile = "x' OR '1'='1\"}";
    CleanupCriteria criteria = new CleanupCriteria(NOW, 90, Map.of(hostile, 10), Set.of("held'--"));

    for (Dialect dialect : Dialect.values()) {
      assertThat(render(dialect, criteria).sql()).as(dialect.name()).doesNotContain("'");
    }
    assertThat(new CriteriaParameters(TableName.DEFAULT, criteria).getPolicyJson())
        .contains("\"x' OR '1'='1\\\"}\":")
        .contains("\"held'--\":" + Long.MIN_VALUE);
  }
}
