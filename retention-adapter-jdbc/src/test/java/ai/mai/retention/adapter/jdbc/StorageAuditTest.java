package ai.mai.retention.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.StorageFigures;
import ai.mai.retention.core.domain.StorageReport;
import ai.mai.retention.core.domain.VacuumMode;
import ai.mai.retention.core.domain.VacuumOutcome;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StorageAuditTest {

  private static StorageFigures figures(long pages, long free) {
    Map<String, Long> reported = new LinkedHashMap<>();
    reported.put("page_size", 4096L);
    reported.put("page_count", pages);
    reported.put("freelist_count", free);
    return new StorageFigures(
        pages * 4096, OptionalLong.of(free * 4096), OptionalLong.empty(), reported);
  }

  @Test
  void theJsonHoldsEveryFigureTheVacuumAndItsNoteEscaped() {
    StorageReport report =
        new StorageReport(
            Optional.of(figures(10, 0)),
            Optional.of(figures(4, 0)),
            Optional.of(
                new VacuumOutcome(
                    VacuumMode.ONLINE, true, 24_576, Duration.ofMillis(1234), "a \"quoted\" note")),
            Optional.empty());

    assertThat(StorageAudit.json(report))
        .isEqualTo(
            "{\"before\":{\"bytes\":40960,\"reusable_bytes\":0,\"reported\":{\"page_size\":4096,"
                + "\"page_count\":10,\"freelist_count\":0}},\"after\":{\"bytes\":16384,"
                + "\"reusable_bytes\":0,\"reported\":{\"page_size\":4096,\"page_count\":4,"
                + "\"freelist_count\":0}},\"vacuum\":{\"mode\":\"online\",\"performed\":true,"
                + "\"bytes_returned\":24576,\"seconds\":1.234,\"note\":\"a \\\"quoted\\\" note\"}}");
  }

  @Test
  void whatWasNotMeasuredIsLeftOutAndTheProblemSaid() {
    StorageReport report =
        new StorageReport(
            Optional.empty(),
            Optional.of(
                new StorageFigures(
                    8192, OptionalLong.empty(), OptionalLong.of(7), Map.of("n_dead_tup", 7L))),
            Optional.empty(),
            Optional.of("before the run: timeout"));

    assertThat(StorageAudit.json(report))
        .isEqualTo(
            "{\"after\":{\"bytes\":8192,\"dead_rows\":7,\"reported\":{\"n_dead_tup\":7}},"
                + "\"problem\":\"before the run: timeout\"}");
    StorageAuditRow row =
        StorageAudit.row(
            new ai.mai.retention.core.domain.CleanupReport(
                "run-9",
                ai.mai.retention.core.domain.CleanupTrigger.MANUAL,
                ai.mai.retention.core.domain.RunStatus.SUCCEEDED,
                false,
                ai.mai.retention.core.domain.CleanupCriteria.uniform(
                    java.time.Instant.parse("2026-03-01T00:00:00Z"), 90),
                java.time.Instant.parse("2026-06-01T00:00:00Z"),
                Duration.ZERO,
                0,
                0,
                0,
                null,
                0,
                null),
            report);
    assertThat(row.runId()).isEqualTo("run-9");
    assertThat(row.storageBytesBefore()).isNull();
    assertThat(row.storageBytesAfter()).isEqualTo(8192L);
    assertThat(row.vacuumBytesReturned()).isNull();
    assertThat(row.vacuumSeconds()).isNull();
  }
}
