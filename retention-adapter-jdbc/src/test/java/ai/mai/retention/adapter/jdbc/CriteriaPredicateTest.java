package ai.mai.retention.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.CleanupCriteria;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.ParameterMapping;
import org.apache.ibatis.reflection.MetaObject;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSessionFactory;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

/** The shared predicate as MyBatis renders it: the SQL text and what is bound. */
class CriteriaPredicateTest {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final long DAY = 86_400;

  private final SqlSessionFactory sessions =
      RetentionSessions.create(
          new SQLiteDataSource(),
          Dialect.SQLITE,
          List.of("ai/mai/retention/adapter/jdbc/PredicateProbe.xml"));

  private record Rendered(String sql, List<Object> values) {}

  private Rendered render(CleanupCriteria criteria) {
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
  void aUniformPolicyIsOneRangeCondition() {
    Rendered rendered = render(CleanupCriteria.uniform(NOW, 90));

    assertThat(rendered.sql())
        .isEqualTo("SELECT id FROM processed_generations WHERE processed_at < ?");
    assertThat(rendered.values()).containsExactly(NOW.getEpochSecond() - 90 * DAY);
  }

  @Test
  void overridesGetBranchesAndHeldOrganizationsGetNone() {
    CleanupCriteria criteria =
        new CleanupCriteria(NOW, 90, Map.of("org-a", 180, "org-b", 30), Set.of("org-c"));

    Rendered rendered = render(criteria);

    assertThat(rendered.sql())
        .isEqualTo(
            "SELECT id FROM processed_generations WHERE processed_at < ?"
                + " AND (((client_org_id IS NULL OR client_org_id NOT IN (?, ?, ?)) AND processed_at < ?)"
                + " OR (client_org_id = ? AND processed_at < ?)"
                + " OR (client_org_id = ? AND processed_at < ?))");
    long now = NOW.getEpochSecond();
    assertThat(rendered.values())
        .containsExactly(
            now - 30 * DAY,
            "org-a",
            "org-b",
            "org-c",
            now - 90 * DAY,
            "org-a",
            now - 180 * DAY,
            "org-b",
            now - 30 * DAY);
  }

  @Test
  void aHeldOrganizationWithAnOverrideStillGetsNoBranch() {
    // RetentionPolicy forbids this combination; the predicate must be safe even so.
    CleanupCriteria criteria = new CleanupCriteria(NOW, 90, Map.of("org-c", 1), Set.of("org-c"));

    Rendered rendered = render(criteria);

    assertThat(rendered.sql()).doesNotContain("client_org_id = ?");
    assertThat(rendered.values()).contains("org-c").doesNotContain(NOW.getEpochSecond() - DAY);
  }

  @Test
  void organizationIdsAreNeverInTheSqlText() {
    String hostile = "x' OR '1'='1";
    Rendered rendered =
        render(new CleanupCriteria(NOW, 90, Map.of(hostile, 10), Set.of("held'--")));

    assertThat(rendered.sql()).doesNotContain("'");
    assertThat(rendered.values()).contains(hostile, "held'--");
  }
}
