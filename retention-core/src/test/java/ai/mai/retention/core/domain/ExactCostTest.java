package ai.mai.retention.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactCostTest {

  @Test
  void aRowsCostIsItsShortestDecimalOnBothPaths() {
    for (double cost :
        new double[] {
          0.0,
          -0.0,
          0.1,
          0.2,
          0.1 + 0.2,
          0.000123,
          1.5,
          2.0,
          -0.25,
          4095.999999,
          4096.0,
          12_345.67,
          1e-13,
          3e-12,
          1.0 / 3,
          0.05 * 3,
          1e9
        }) {
      assertThat(ExactCost.of(cost)).as("%s", cost).isEqualByComparingTo(BigDecimal.valueOf(cost));
    }
  }

  @Test
  void randomMoneyAndRandomDoublesAgreeWithBigDecimalValueOf() {
    Random random = new Random(20261129L);
    for (int i = 0; i < 200_000; i++) {
      double cost =
          switch (i % 4) {
            case 0 -> Math.round(random.nextDouble() * 0.05 * 1e6) / 1e6;
            case 1 -> Math.round(random.nextDouble() * 100 * 1e10) / 1e10;
            case 2 -> random.nextDouble() * 5000;
            default -> random.nextDouble() * random.nextInt(3) * 0.1;
          };
      assertThat(ExactCost.of(cost)).as("%s", cost).isEqualByComparingTo(BigDecimal.valueOf(cost));
    }
  }

  @Test
  void aSumEqualsTheSumOfBigDecimalsWhateverTheMix() {
    Random random = new Random(7);
    List<Double> costs = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      costs.add(
          i % 5 == 0 ? random.nextDouble() * 10_000 : Math.round(random.nextDouble() * 1e6) / 1e8);
    }
    costs.add(0.1 + 0.2);
    ExactCost.Sum sum = new ExactCost.Sum();
    BigDecimal expected = BigDecimal.ZERO;
    for (double cost : costs) {
      sum.add(cost);
      expected = expected.add(BigDecimal.valueOf(cost));
    }

    assertThat(sum.total()).isEqualByComparingTo(expected);
    // 0.1 + 0.2 in binary floating point is 0.30000000000000004; it counts as exactly that.
    ExactCost.Sum drift = new ExactCost.Sum();
    drift.add(0.1);
    drift.add(0.2);
    drift.add(0.1 + 0.2);
    assertThat(drift.total()).isEqualByComparingTo("0.60000000000000004");
  }

  @Test
  void aSumBeyondWhatALongHoldsInPicodollarsStaysExact() {
    ExactCost.Sum sum = new ExactCost.Sum();
    for (int i = 0; i < 3_000; i++) {
      sum.add(4_000.000001);
    }

    // 3,000 x 4,000.000001 USD is 1.2e19 picodollars, past Long.MAX_VALUE (9.2e18).
    assertThat(sum.total()).isEqualByComparingTo("12000000.003");
  }
}
