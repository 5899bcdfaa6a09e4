package ai.mai.retention.adapter.postgres;

import static ai.mai.retention.adapter.jdbc.CriteriaRendering.render;
import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.adapter.jdbc.CriteriaRendering.Rendered;
import ai.mai.retention.core.domain.CleanupCriteria;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** PostgreSQL's criteria fragments as MyBatis renders them: the SQL text and what is bound. */
class PostgresCriteriaPredicateTest {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final long DAY = 86_400;
  private static final long NOW_EPOCH = NOW.getEpochSecond();

  @Test
  void aUniformPolicyIsOneRangeCondition() {
    Rendered rendered = render(PostgresDialect.INSTANCE, CleanupCriteria.uniform(NOW, 90));

    assertThat(rendered.sql())
        .isEqualTo("SELECT id FROM processed_generations WHERE processed_at < ?");
    assertThat(rendered.values()).containsExactly(NOW_EPOCH - 90 * DAY);
  }

  @Test
  void theOrganizationIsLookedUpInTheBoundPolicy() {
    CleanupCriteria criteria =
        new CleanupCriteria(NOW, 90, Map.of("org-a", 180, "org-b", 30), Set.of("org-c"));

    Rendered rendered = render(PostgresDialect.INSTANCE, criteria);

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
  void aPolicyOfAnySizeIsTheSameThreeParametersAndNoIdIsInTheSqlText() {
    Map<String, Integer> overrides = new TreeMap<>();
    Set<String> holds = new TreeSet<>();
    for (int i = 0; i < 10_000; i++) {
      overrides.put("org-" + i, 1 + i % 365);
      holds.add("held-" + i);
    }
    overrides.put("x' OR '1'='1\"}", 10);
    holds.add("held'--");

    Rendered rendered =
        render(PostgresDialect.INSTANCE, new CleanupCriteria(NOW, 90, overrides, holds));

    assertThat(rendered.values()).hasSize(3);
    assertThat(rendered.sql()).doesNotContain("'").doesNotContain("org-");
  }
}
