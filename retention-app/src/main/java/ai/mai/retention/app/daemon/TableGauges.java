package ai.mai.retention.app.daemon;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.domain.StorageFigures;
import ai.mai.retention.core.domain.StorageReport;
import ai.mai.retention.core.domain.VacuumOutcome;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Gauges of the cleaned table as the last run saw it: its rows (counted) and its bytes (measured by
 * the database), and what the last vacuum gave back. At start the daemon seeds them from the newest
 * audit row with storage figures ({@link #seed}), so that a restart leaves no gap in a panel or in
 * the "table growing" alert's week-old comparison; NaN until a run has measured them where no such
 * row exists, so that an alert comparing them never fires on a missing figure.
 */
final class TableGauges {

  private final AtomicReference<Double> rows = nan();
  private final AtomicReference<Double> bytes = nan();
  private final AtomicReference<Double> reusableBytes = nan();
  private final AtomicReference<Double> deadRows = nan();
  private final AtomicReference<Double> vacuumBytesReturned = nan();
  private final AtomicReference<Double> vacuumSeconds = nan();

  TableGauges(MeterRegistry registry) {
    gauge(registry, "retention_table_rows", rows, "Rows in the cleaned table after the last run");
    gauge(
        registry,
        "retention_table_bytes",
        bytes,
        "Bytes of the cleaned table and its indexes (PostgreSQL) or of the database file (SQLite)"
            + " after the last real run, as the database reports them");
    gauge(
        registry,
        "retention_table_reusable_bytes",
        reusableBytes,
        "Free bytes inside the SQLite file that new rows reuse (NaN on PostgreSQL)");
    gauge(
        registry,
        "retention_table_dead_rows",
        deadRows,
        "Deleted rows not yet vacuumed, as PostgreSQL's statistics count them (NaN on SQLite)");
    gauge(
        registry,
        "retention_last_vacuum_bytes_returned",
        vacuumBytesReturned,
        "Bytes the last vacuum after a run gave back to the file system");
    gauge(
        registry,
        "retention_last_vacuum_duration_seconds",
        vacuumSeconds,
        "How long the last vacuum after a run took");
  }

  /** Whether a run of this process has set the gauges: then a seed must not overwrite them. */
  private boolean recorded;

  synchronized void record(CleanupReport report) {
    if (report.status() == RunStatus.SKIPPED_LOCKED) {
      return; // it saw nothing
    }
    recorded = true;
    rows.set((double) (report.dryRun() ? report.recordsBefore() : report.recordsRemaining()));
    report.storage().flatMap(StorageReport::after).ifPresent(this::record);
    report.storage().flatMap(StorageReport::vacuum).ifPresent(this::record);
  }

  /**
   * Sets the gauges from the newest of {@code newestFirst} whose run measured the table after it
   * ended, as that run had set them: its remaining rows, its sizes and its vacuum, if it had one.
   * Nothing when a run of this process got there first, or no entry has such figures.
   *
   * @return the entry the gauges now show
   */
  synchronized Optional<JournalEntry> seed(List<JournalEntry> newestFirst) {
    if (recorded) {
      return Optional.empty();
    }
    Optional<JournalEntry> measured =
        newestFirst.stream()
            .filter(entry -> entry.storage().flatMap(StorageReport::after).isPresent())
            .findFirst();
    measured.ifPresent(
        entry -> {
          if (entry.recordsRemaining() != null) {
            rows.set((double) entry.recordsRemaining());
          }
          StorageReport storage = entry.storage().orElseThrow();
          record(storage.after().orElseThrow());
          storage.vacuum().ifPresent(this::record);
        });
    return measured;
  }

  private void record(StorageFigures figures) {
    bytes.set((double) figures.bytes());
    reusableBytes.set(
        figures.reusableBytes().isPresent() ? figures.reusableBytes().getAsLong() : Double.NaN);
    deadRows.set(figures.deadRows().isPresent() ? figures.deadRows().getAsLong() : Double.NaN);
  }

  private void record(VacuumOutcome vacuum) {
    vacuumBytesReturned.set((double) vacuum.bytesReturned());
    vacuumSeconds.set(vacuum.durationSeconds());
  }

  private static AtomicReference<Double> nan() {
    return new AtomicReference<>(Double.NaN);
  }

  private static void gauge(
      MeterRegistry registry, String name, AtomicReference<Double> value, String description) {
    Gauge.builder(name, value, AtomicReference::get).description(description).register(registry);
  }
}
