package ai.mai.retention.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.CleanupCriteria;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The values the criteria predicate binds, whichever database renders it (each adapter's {@code
 * *CriteriaPredicateTest} renders its own SQL with {@link CriteriaRendering}).
 */
class CriteriaParametersTest {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final long DAY = 86_400;
  private static final long NOW_EPOCH = NOW.getEpochSecond();

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
  void organizationIdsAreEscapedInTheJson() {
    String hostile = "x' OR '1'='1\"}";
    CleanupCriteria criteria = new CleanupCriteria(NOW, 90, Map.of(hostile, 10), Set.of("held'--"));

    assertThat(new CriteriaParameters(TableName.DEFAULT, criteria).getPolicyJson())
        .contains("\"x' OR '1'='1\\\"}\":")
        .contains("\"held'--\":" + Long.MIN_VALUE);
  }
}
