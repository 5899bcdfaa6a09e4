package ai.mai.retention.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CleanupCriteriaTest {

  static final Instant NOW = Instant.parse("2026-06-01T12:34:56Z");
  static final long NOW_EPOCH = NOW.getEpochSecond();
  static final long DAY = 86_400L;

  final CleanupCriteria criteria =
      new CleanupCriteria(NOW, 90, Map.of("org-long", 180, "org-short", 7), Set.of("org-held"));

  @Test
  void theCutoffIsNowMinusDaysTimes86400Seconds() {
    assertThat(criteria.defaultCutoff().epochSecond()).isEqualTo(NOW_EPOCH - 90 * DAY);
    assertThat(criteria.cutoffFor("org-long").epochSecond()).isEqualTo(NOW_EPOCH - 180 * DAY);
    assertThat(criteria.cutoffFor("org-short").epochSecond()).isEqualTo(NOW_EPOCH - 7 * DAY);
    assertThat(criteria.cutoffFor("org-anything-else")).isEqualTo(criteria.defaultCutoff());
    assertThat(criteria.tenantCutoffs())
        .containsOnlyKeys("org-long", "org-short")
        .containsEntry("org-short", new Cutoff(NOW_EPOCH - 7 * DAY));
  }

  @Test
  void theCutoffDateIsTheUtcDateOfTheCutoffInstant() {
    assertThat(criteria.defaultCutoff().date()).isEqualTo(LocalDate.parse("2026-03-03"));
    assertThat(criteria.defaultCutoff().instant()).isEqualTo(NOW.minusSeconds(90 * DAY));
    // One second before midnight UTC stays on the earlier date.
    Cutoff lastSecond = new Cutoff(Instant.parse("2026-03-03T23:59:59Z").getEpochSecond());
    assertThat(lastSecond.date()).isEqualTo(LocalDate.parse("2026-03-03"));
  }

  @Test
  void isExpiredAgreesWithEachOrganizationsCutoffAroundTheBoundary() {
    for (String org : List.of("org-long", "org-short", "org-default", "org-held")) {
      long cutoff = criteria.cutoffFor(org).epochSecond();
      boolean held = org.equals("org-held");
      for (long delta = -3; delta <= 3; delta++) {
        long processedAt = cutoff + delta;
        boolean expected = !held && processedAt < cutoff;
        assertThat(criteria.isExpired(org, processedAt))
            .as("%s at cutoff%+d", org, delta)
            .isEqualTo(expected)
            .isEqualTo(!held && criteria.cutoffFor(org).expires(processedAt));
      }
    }
  }

  @Test
  void rowsExactlyAtTheCutoffAreKept() {
    long cutoff = NOW_EPOCH - 90 * DAY;
    assertThat(criteria.isExpired("org-x", cutoff)).isFalse();
    assertThat(criteria.isExpired("org-x", cutoff - 1)).isTrue();
  }

  @Test
  void aRowWithoutOrganizationHasTheDefaultCutoffAndIsNeverHeld() {
    long cutoff = NOW_EPOCH - 90 * DAY;

    assertThat(criteria.cutoffFor(null)).isEqualTo(criteria.defaultCutoff());
    assertThat(criteria.isExpired(null, cutoff - 1)).isTrue();
    assertThat(criteria.isExpired(null, cutoff)).isFalse();
  }

  @Test
  void heldOrganizationsNeverExpireHoweverOld() {
    assertThat(criteria.isExpired("org-held", 0)).isFalse();
    assertThat(criteria.isExpired("org-held", Long.MIN_VALUE)).isFalse();
  }

  @Test
  void theLatestCutoffIsTheShortestRetention() {
    assertThat(criteria.latestCutoff().epochSecond()).isEqualTo(NOW_EPOCH - 7 * DAY);
    CleanupCriteria longerOverrides = new CleanupCriteria(NOW, 30, Map.of("org-a", 400), Set.of());
    assertThat(longerOverrides.latestCutoff().epochSecond()).isEqualTo(NOW_EPOCH - 30 * DAY);
  }

  @Test
  void knowsWhenOneCutoffAppliesToEveryRow() {
    assertThat(CleanupCriteria.uniform(NOW, 90).isUniform()).isTrue();
    assertThat(criteria.isUniform()).isFalse();
    assertThat(new CleanupCriteria(NOW, 90, Map.of(), Set.of("org-held")).isUniform()).isFalse();
    assertThat(criteria.organizationsExcludedFromDefault())
        .containsExactly("org-held", "org-long", "org-short");
  }

  @Test
  void describesItselfForTheJournal() {
    assertThat(criteria.describe()).isEqualTo("default=90;org-long=180;org-short=7;hold=org-held");
    assertThat(CleanupCriteria.uniform(NOW, 30).describe()).isEqualTo("default=30");
  }

  @Test
  void nullCollectionsMeanNone() {
    CleanupCriteria plain = new CleanupCriteria(NOW, 90, null, null);
    assertThat(plain.tenantDays()).isEmpty();
    assertThat(plain.legalHolds()).isEmpty();
    assertThat(plain.isUniform()).isTrue();
  }
}
