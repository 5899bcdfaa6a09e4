package ai.mai.retention.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetentionPolicyTest {

  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  @ParameterizedTest
  @ValueSource(ints = {0, -5, 36_501, Integer.MIN_VALUE, Integer.MAX_VALUE})
  void rejectsDaysOutsideOneToOneHundredYears(int days) {
    assertThatThrownBy(() -> RetentionPolicy.ofDays(days))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("retention days")
        .hasMessageContaining("between 1 and 36500")
        .hasMessageEndingWith("got " + days);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 90, 36_500})
  void acceptsTheBoundsAndTheUsualValue(int days) {
    assertThat(RetentionPolicy.ofDays(days).defaultDays()).isEqualTo(days);
  }

  @Test
  void rejectsABadOverrideNamingTheOrganization() {
    Map<OrganizationId, Integer> overrides = Map.of(new OrganizationId("org-a"), 0);

    assertThatThrownBy(() -> RetentionPolicy.ofDays(90).withTenantDays(overrides))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("org-a")
        .hasMessageContaining("got 0");
  }

  @Test
  void rejectsANullOverride() {
    Map<OrganizationId, Integer> overrides = new HashMap<>();
    overrides.put(new OrganizationId("org-a"), null);

    assertThatThrownBy(() -> RetentionPolicy.ofDays(90).withTenantDays(overrides))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("org-a");
  }

  @Test
  void rejectsAnOrganizationBothHeldAndOverridden() {
    OrganizationId org = new OrganizationId("org-c");

    assertThatThrownBy(() -> new RetentionPolicy(90, Map.of(org, 30), Set.of(org)))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("org-c")
        .hasMessageContaining("legal hold")
        .hasMessageContaining("override");
    assertThatThrownBy(
            () ->
                RetentionPolicy.ofDays(90)
                    .withLegalHolds(Set.of(org))
                    .withTenantDays(Map.of(org, 30)))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("org-c");
  }

  @Test
  void isImmutableAndCopiesItsInputs() {
    Map<OrganizationId, Integer> overrides = new HashMap<>();
    overrides.put(new OrganizationId("org-a"), 180);
    RetentionPolicy policy = RetentionPolicy.ofDays(90).withTenantDays(overrides);

    overrides.put(new OrganizationId("org-b"), 1);

    assertThat(policy.tenantDays()).containsOnlyKeys(new OrganizationId("org-a"));
    assertThatThrownBy(() -> policy.tenantDays().put(new OrganizationId("org-x"), 5))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void resolvesToCriteriaWithPlainIds() {
    RetentionPolicy policy =
        new RetentionPolicy(
            90,
            Map.of(new OrganizationId("org-a"), 180, new OrganizationId("org-b"), 30),
            Set.of(new OrganizationId("org-c")));

    CleanupCriteria criteria = policy.criteriaAt(NOW);

    assertThat(criteria.evaluatedAt()).isEqualTo(NOW);
    assertThat(criteria.defaultDays()).isEqualTo(90);
    assertThat(criteria.tenantDays()).isEqualTo(Map.of("org-a", 180, "org-b", 30));
    assertThat(criteria.legalHolds()).containsExactly("org-c");
    assertThat(criteria.describe()).isEqualTo("default=90;org-a=180;org-b=30;hold=org-c");
  }

  @Test
  void theDefaultIsNinetyDays() {
    assertThat(RetentionPolicy.DEFAULT_DAYS).isEqualTo(90);
  }
}
