package ai.mai.retention.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BatchPacerTest {

  private static final Duration TARGET = Duration.ofMillis(100);
  private static final long MS = 1_000_000;

  @Test
  void aRequestedSizeIsKept() {
    BatchPacer pacer = BatchPacer.fixed(64, Duration.ZERO);
    pacer.observe(64, 1_000 * MS);
    assertThat(pacer.size()).isEqualTo(64);
  }

  @Test
  void fastBatchesGrowByAtMostHalfAndSlowOnesShrinkAtMostByHalf() {
    BatchPacer pacer = BatchPacer.adaptive(5_000, TARGET, Duration.ZERO);

    pacer.observe(5_000, 10 * MS);
    assertThat(pacer.size()).isEqualTo(7_500);
    pacer.observe(7_500, 80 * MS);
    assertThat(pacer.size()).isEqualTo(9_375);
    pacer.observe(9_375, 1_000 * MS);
    assertThat(pacer.size()).isEqualTo(4_688);
  }

  @Test
  void theSizeStaysWithinItsBounds() {
    BatchPacer pacer = BatchPacer.adaptive(1, TARGET, Duration.ZERO);
    assertThat(pacer.size()).isEqualTo(BatchPacer.MIN_ADAPTIVE_SIZE);
    for (int i = 0; i < 20; i++) {
      pacer.observe(pacer.size(), MS);
    }
    assertThat(pacer.size()).isEqualTo(BatchPacer.MAX_ADAPTIVE_SIZE);
    for (int i = 0; i < 20; i++) {
      pacer.observe(pacer.size(), 10_000 * MS);
    }
    assertThat(pacer.size()).isEqualTo(BatchPacer.MIN_ADAPTIVE_SIZE);
  }

  @Test
  void aShortLastBatchTeachesNothing() {
    BatchPacer pacer = BatchPacer.adaptive(5_000, TARGET, Duration.ZERO);
    pacer.observe(10, MS);
    assertThat(pacer.size()).isEqualTo(5_000);
  }
}
