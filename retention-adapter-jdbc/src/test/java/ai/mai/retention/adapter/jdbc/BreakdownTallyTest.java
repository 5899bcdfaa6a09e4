package ai.mai.retention.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.OrganizationBreakdown;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BreakdownTallyTest {

  @Test
  void sumsExactlyWhatTheCoreBuilderSums() {
    SplittableRandom random = new SplittableRandom(3);
    BreakdownTally tally = new BreakdownTally();
    OrganizationBreakdown.Builder builder = OrganizationBreakdown.builder();
    for (int i = 0; i < 5_000; i++) {
      String org = "org-" + random.nextInt(7);
      long tokens = random.nextInt(8_000);
      double cost = random.nextInt(50_000) / 1_000_000.0 + (i % 13 == 0 ? 1e-9 : 0);
      tally.addRow(org, tokens, cost);
      builder.addRow(org, tokens, cost);
    }

    assertThat(tally.records()).isEqualTo(5_000);
    assertThat(tally.toBreakdown()).isEqualTo(builder.build());
  }

  @Test
  void zeroPointOnePlusZeroPointTwoIsZeroPointThree() {
    BreakdownTally tally = new BreakdownTally();
    tally.addRow("org-a", 1, 0.1);
    tally.addRow("org-a", 1, 0.2);

    assertThat(tally.toBreakdown().cost()).isEqualByComparingTo("0.3");
  }

  @Test
  void nothingAddedIsTheEmptyBreakdown() {
    assertThat(new BreakdownTally().toBreakdown()).isEqualTo(OrganizationBreakdown.EMPTY);
  }
}
