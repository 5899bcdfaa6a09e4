package ai.mai.retention.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrganizationIdTest {

  @Test
  void rejectsEmptyAndNull() {
    assertThatThrownBy(() -> new OrganizationId(""))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("organization id")
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> new OrganizationId(null))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("empty");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "org a",
        "org'a",
        "org\"a",
        "org,a",
        "org=a",
        "org;a",
        "x' OR '1'='1",
        "org/a",
        "orgä",
        " org-a",
        "org-a\n",
        "org%a",
        "org*"
      })
  void rejectsCharactersOutsideTheSafeSetNamingTheValue(String value) {
    assertThatThrownBy(() -> new OrganizationId(value))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("'" + value + "'")
        .hasMessageContaining("[A-Za-z0-9._:@-]");
  }

  @Test
  void rejectsIdsLongerThanTheLimitNamingTheirStart() {
    String tooLong = "tenant-" + "x".repeat(OrganizationId.MAX_LENGTH - 6);
    assertThat(tooLong).hasSize(OrganizationId.MAX_LENGTH + 1);

    assertThatThrownBy(() -> new OrganizationId(tooLong))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining(tooLong.substring(0, 20))
        .hasMessageContaining("longer than 128");
  }

  @ParameterizedTest
  @ValueSource(strings = {"org-a", "ORG_1", "tenant.eu:prod@mai", "a"})
  void acceptsSafeIds(String value) {
    assertThat(new OrganizationId(value).value()).isEqualTo(value);
    assertThat(new OrganizationId(value)).hasToString(value);
  }

  @Test
  void acceptsExactlyTheMaximumLength() {
    String longest = "o".repeat(OrganizationId.MAX_LENGTH);
    assertThat(new OrganizationId(longest).value()).hasSize(128);
  }

  @Test
  void ordersByValue() {
    assertThat(new OrganizationId("org-a")).isLessThan(new OrganizationId("org-b"));
    assertThat(new OrganizationId("org-a")).isEqualTo(new OrganizationId("org-a"));
  }
}
