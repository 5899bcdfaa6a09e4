package ai.mai.retention.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.OrganizationTotals;
import ai.mai.retention.core.domain.TableSnapshot;
import java.math.BigDecimal;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** How a run chooses its walk through the table, and how it sizes block ranges. */
class SweepStrategyChoiceTest {

  private static final TableLayoutRow PG17_INDEXED = new TableLayoutRow(26_000, true, 170_006);
  private static final TableLayoutRow PG17_NO_INDEX = new TableLayoutRow(26_000, false, 170_006);
  private static final TableLayoutRow PG13_INDEXED = new TableLayoutRow(26_000, true, 130_012);

  @Test
  void autoWalksTheIndexWhenFewRowsAreExpiredAndTheHeapForABacklog() {
    assertThat(choose(SweepStrategy.AUTO, 1, PG17_INDEXED)).isEqualTo(SweepStrategy.KEYSET);
    assertThat(choose(SweepStrategy.AUTO, 0, PG17_INDEXED)).isEqualTo(SweepStrategy.KEYSET);
    assertThat(choose(SweepStrategy.AUTO, 50, PG17_INDEXED)).isEqualTo(SweepStrategy.BLOCK_RANGE);
    int threshold =
        (int) Math.round(PostgresExpiredRecordStore.KEYSET_BELOW_EXPIRED_FRACTION * 100);
    assertThat(choose(SweepStrategy.AUTO, threshold, PG17_INDEXED))
        .isEqualTo(SweepStrategy.BLOCK_RANGE);
    assertThat(choose(SweepStrategy.AUTO, threshold - 1, PG17_INDEXED))
        .isEqualTo(SweepStrategy.KEYSET);
  }

  @Test
  void withoutAnIndexOnProcessedAtAutoWalksTheHeap() {
    assertThat(choose(SweepStrategy.AUTO, 1, PG17_NO_INDEX)).isEqualTo(SweepStrategy.BLOCK_RANGE);
  }

  @Test
  void beforePostgres14ThereAreNoTidRangeScansSoEveryRunWalksTheIndex() {
    assertThat(choose(SweepStrategy.AUTO, 50, PG13_INDEXED)).isEqualTo(SweepStrategy.KEYSET);
    assertThat(choose(SweepStrategy.BLOCK_RANGE, 50, PG13_INDEXED)).isEqualTo(SweepStrategy.KEYSET);
  }

  @Test
  void aConfiguredStrategyIsKept() {
    assertThat(choose(SweepStrategy.BLOCK_RANGE, 1, PG17_INDEXED))
        .isEqualTo(SweepStrategy.BLOCK_RANGE);
    assertThat(choose(SweepStrategy.KEYSET, 50, PG17_INDEXED)).isEqualTo(SweepStrategy.KEYSET);
  }

  @Test
  void blockRangesExpectFourFifthsOfABatchOfExpiredRows() {
    // 1,000,000 expired rows over 26,662 blocks: 37.5 per block; 0.8 * 20,000 / 37.5 = 426.
    assertThat(PostgresExpiredRecordStore.BlockRangeSweep.initialBlocks(20_000, 26_662, 1_000_000))
        .isEqualTo(426);
    assertThat(PostgresExpiredRecordStore.BlockRangeSweep.initialBlocks(64, 10, 500)).isEqualTo(1);
    assertThat(PostgresExpiredRecordStore.BlockRangeSweep.initialBlocks(20_000, 26_662, 0))
        .isEqualTo(PostgresExpiredRecordStore.BlockRangeSweep.MAX_BLOCKS_PER_BATCH);
    assertThat(PostgresExpiredRecordStore.BlockRangeSweep.initialBlocks(20_000, 0, 0)).isEqualTo(1);
  }

  private static SweepStrategy choose(
      SweepStrategy configured, int expiredPercent, TableLayoutRow layout) {
    TableSnapshot snapshot =
        new TableSnapshot(
            100,
            0,
            expiredPercent == 0
                ? OrganizationBreakdown.EMPTY
                : OrganizationBreakdown.builder()
                    .add("org-a", new OrganizationTotals(expiredPercent, 1, BigDecimal.ONE))
                    .build(),
            OptionalLong.of(1));
    return PostgresExpiredRecordStore.choose(configured, snapshot, layout);
  }
}
