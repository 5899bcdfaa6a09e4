package ai.mai.retention.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.core.domain.StorageFigures;
import ai.mai.retention.core.domain.StorageReport;
import ai.mai.retention.core.domain.VacuumMode;
import ai.mai.retention.core.domain.VacuumOutcome;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
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

  /** An audit row with only its storage columns filled, as the database hands them back. */
  private static StoredLogRow row(
      Object bytesBefore,
      Object bytesAfter,
      Object vacuumBytes,
      Object vacuumSeconds,
      String details) {
    return new StoredLogRow(
        42,
        "2026-06-01",
        "2026-03-03",
        90,
        10,
        3,
        7,
        300,
        0.3,
        0.29,
        1.5,
        1,
        null,
        1780272000L,
        "run-42",
        "manual",
        "succeeded",
        1,
        "default=90",
        0,
        null,
        null,
        null,
        0,
        bytesBefore,
        bytesAfter,
        vacuumBytes,
        vacuumSeconds,
        details);
  }

  @Test
  void whatWasWrittenReadsBackAsTheSameReport() {
    StorageReport report =
        new StorageReport(
            Optional.of(figures(10, 0)),
            Optional.of(
                new StorageFigures(
                    8192, OptionalLong.empty(), OptionalLong.of(7), Map.of("n_dead_tup", 7L))),
            Optional.of(
                new VacuumOutcome(
                    VacuumMode.FULL, false, -512, Duration.ofMillis(20), "no \"MAINTAIN\"\tgrant")),
            Optional.of("after the run: timeout"));
    String details = StorageAudit.json(report);

    assertThat(
            StorageAudit.read(
                // The typed columns as the run wrote them; the after size as SQLite's driver may
                // hand a small BIGINT back: an Integer.
                row(40_960L, Integer.valueOf(8192), -512L, 0.02, details)))
        .hasValue(report);
  }

  @Test
  void aRowWithoutStorageHasNoneAndOneWithTypedSizesOnlyHasThem() {
    assertThat(StorageAudit.read(row(null, null, null, null, null))).isEmpty();
    assertThat(StorageAudit.read(row(null, null, null, null, "  "))).isEmpty();

    StorageReport sizes = StorageAudit.read(row(4096L, null, null, null, null)).orElseThrow();

    assertThat(sizes.before().orElseThrow().bytes()).isEqualTo(4096);
    assertThat(sizes.after()).isEmpty();
    assertThat(sizes.vacuum()).isEmpty();
    assertThat(sizes.problem()).isEmpty();
  }

  @Test
  void detailsOfTheWrongShapeCostTheDetailsAndSaySoButATypedSizeThatIsNoNumberIsNamed() {
    for (String details :
        List.of(
            "[1, 2]",
            "{\"before\": {\"reported\": {\"page_size\": \"big\"}}}",
            "{\"vacuum\": {\"mode\": \"sometimes\", \"performed\": true}}",
            "{\"before\": {\"bytes\": 100, \"reusable_bytes\": 1.5}}",
            "{\"after\": {\"bytes\": 50, \"dead_rows\": \"7\"}}",
            "{\"vacuum\": {\"mode\": \"full\", \"performed\": \"yes\"}}",
            "{} trailing")) {
      StorageReport read = StorageAudit.read(row(100L, 50L, null, null, details)).orElseThrow();
      assertThat(read.before().orElseThrow().bytes()).as(details).isEqualTo(100);
      assertThat(read.after().orElseThrow().bytes()).as(details).isEqualTo(50);
      assertThat(read.problem().orElseThrow())
          .as(details)
          .startsWith("storage_details of processed_generation_cleanup_log row id=42 cannot");
    }
    assertThatThrownBy(() -> StorageAudit.read(row("big", null, null, null, null)))
        .hasMessageContaining("row id=42")
        .hasMessageContaining("storage_bytes_before")
        .hasMessageContaining("'big'");
    assertThatThrownBy(() -> StorageAudit.read(row(-5L, null, null, null, null)))
        .hasMessageContaining("storage_bytes_before")
        .hasMessageContaining("from 0 up");
  }

  @Test
  void theReaderTakesWhatJsonAllowsAndSaysWhereItStops() {
    assertThat(
            JsonText.parse(
                " {\"a\": [1, -2.5e1, true, false, null], \"b\": {}, \"c\": \"\\u00e9\\n\\\"\\/\"}"))
        .isEqualTo(
            Map.of(
                "a",
                java.util.Arrays.asList(
                    new BigDecimal("1"), new BigDecimal("-2.5e1"), true, false, null),
                "b",
                Map.of(),
                "c",
                "\u00e9\n\"/"));
    String escaped = "tab\there \"quoted\" back\\slash \u0001";
    StringBuilder written = new StringBuilder();
    JsonText.appendString(written, escaped);
    assertThat(JsonText.parse(written.toString())).isEqualTo(escaped);
    for (String broken :
        List.of("", "{", "{\"a\" 1}", "[1,", "\"open", "nul", "{\"a\":1,}", "1 2")) {
      assertThatThrownBy(() -> JsonText.parse(broken))
          .as(broken)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at character");
    }
  }
}
