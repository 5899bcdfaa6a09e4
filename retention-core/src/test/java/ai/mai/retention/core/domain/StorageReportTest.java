package ai.mai.retention.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StorageReportTest {

  private static StorageFigures sqlite(long pages, long free) {
    return new StorageFigures(
        pages * 4096,
        OptionalLong.of(free * 4096),
        OptionalLong.empty(),
        Map.of("page_count", pages, "freelist_count", free));
  }

  @Test
  void theSummarySaysSizeReusableSpaceAndTheVacuum() {
    StorageReport report =
        new StorageReport(
            Optional.of(sqlite(1_000, 0)),
            Optional.of(sqlite(250, 0)),
            Optional.of(
                new VacuumOutcome(VacuumMode.FULL, true, 3_072_000, Duration.ofMillis(410), null)),
            Optional.empty());

    assertThat(report.summary())
        .isEqualTo(
            "size 3.9 MiB -> 1000.0 KiB, reusable 0 B -> 0 B, vacuum full returned 2.9 MiB in 0.41 s");
    assertThat(report.bytesChange()).hasValue(-750 * 4096L);
  }

  @Test
  void deadRowsAVacuumNotDoneAndAMissingFigureAreSaid() {
    StorageFigures postgres =
        new StorageFigures(
            81_920, OptionalLong.empty(), OptionalLong.of(1_234), Map.of("n_dead_tup", 1_234L));
    StorageReport report =
        new StorageReport(
            Optional.empty(),
            Optional.of(postgres),
            Optional.of(
                new VacuumOutcome(
                    VacuumMode.ONLINE, false, 0, Duration.ZERO, "permission denied to vacuum")),
            Optional.of("before the run: connection refused"));

    assertThat(report.summary())
        .isEqualTo(
            "size ? -> 80.0 KiB, dead rows ? -> 1,234, vacuum online not done in 0.00 s"
                + " (permission denied to vacuum), not measured: before the run: connection refused");
    assertThat(report.bytesChange()).isEmpty();
  }

  @Test
  void bytesAreShownInBinaryUnits() {
    assertThat(StorageReport.bytes(0)).isEqualTo("0 B");
    assertThat(StorageReport.bytes(1023)).isEqualTo("1023 B");
    assertThat(StorageReport.bytes(1536)).isEqualTo("1.5 KiB");
    assertThat(StorageReport.bytes(5L << 30)).isEqualTo("5.0 GiB");
    assertThat(StorageReport.bytes(-2048)).isEqualTo("-2.0 KiB");
  }

  @Test
  void vacuumModesParseTheirLabelsAndNameTheChoicesOtherwise() {
    assertThat(VacuumMode.parse(" Online ")).isEqualTo(VacuumMode.ONLINE);
    assertThat(VacuumMode.parse("full")).isEqualTo(VacuumMode.FULL);
    assertThat(VacuumMode.parse("off")).isEqualTo(VacuumMode.OFF);
    assertThatThrownBy(() -> VacuumMode.parse("incremental"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'incremental' is not a vacuum mode (off, online, full)");
  }

  @Test
  void figuresRefuseNegativeBytesAndKeepTheDatabasesOrder() {
    assertThatThrownBy(
            () -> new StorageFigures(-1, OptionalLong.empty(), OptionalLong.empty(), Map.of()))
        .hasMessageContaining("bytes");
    java.util.LinkedHashMap<String, Long> reported = new java.util.LinkedHashMap<>();
    reported.put("page_size", 4096L);
    reported.put("page_count", 3L);
    reported.put("freelist_count", 1L);
    assertThat(new StorageFigures(1, null, null, reported).reported().keySet())
        .containsExactly("page_size", "page_count", "freelist_count");
  }
}
