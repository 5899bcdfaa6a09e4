package ai.mai.retention.app.report;

import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.HealthReport;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.domain.OrganizationTotals;
import ai.mai.retention.core.domain.StorageFigures;
import ai.mai.retention.core.domain.StorageReport;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The human-readable forms: a report with its per-organization table, history, health. */
public final class ReportText {

  private ReportText() {}

  public static String cleanup(CleanupReport report) {
    CleanupCriteria criteria = report.criteria();
    StringBuilder out = new StringBuilder();
    String title =
        report.dryRun()
            ? "Cleanup preview (dry run: nothing deleted)"
            : "Cleanup " + report.status().label();
    out.append(title)
        .append("  [run ")
        .append(report.runId())
        .append(", ")
        .append(report.trigger().label())
        .append("]\n");
    out.append(
        line(
            "cutoff",
            report.cutoff().date()
                + " (processed_at < "
                + report.cutoff().epochSecond()
                + "), keep "
                + criteria.defaultDays()
                + " days"));
    if (!criteria.tenantDays().isEmpty()) {
      out.append(line("per organization", describe(criteria.tenantDays())));
    }
    if (!criteria.legalHolds().isEmpty()) {
      out.append(line("legal hold", String.join(", ", criteria.legalHolds())));
    }
    String deletedLabel = report.dryRun() ? "would delete" : "deleted";
    out.append(
        line(
            "records",
            "before "
                + count(report.recordsBefore())
                + "   "
                + deletedLabel
                + " "
                + count(report.recordsDeleted())
                + "   remaining "
                + count(report.recordsRemaining())));
    out.append(
        line(
            report.dryRun() ? "would remove" : "removed",
            count(report.tokensRemoved())
                + " tokens, $"
                + money(report.costRemoved())
                + notSummed(report.recordsNotSummed())));
    out.append(
        line(
            "storage saved",
            String.format(Locale.ROOT, "~%.2f KB", report.storageSavedKb())
                + String.format(
                    Locale.ROOT,
                    "   duration %.2f s in %d batches",
                    report.durationSeconds(),
                    report.batches())));
    report.storage().ifPresent(storage -> out.append(line("storage measured", storage.summary())));
    report.archive().ifPresent(archive -> out.append(line("archive", archive.summary())));
    report.noteText().ifPresent(note -> out.append(line("note", note)));
    if (report.error() != null) {
      out.append(line(report.dryRun() ? "note" : "error", report.error()));
    }
    Map<String, OrganizationTotals> byOrganization = report.deleted().byOrganization();
    if (!byOrganization.isEmpty()) {
      out.append('\n');
      out.append(
          String.format(
              Locale.ROOT,
              "  %-24s %12s %14s %16s %6s  %s%n",
              "organization",
              "records",
              "tokens",
              "cost (USD)",
              "keep",
              "cutoff"));
      byOrganization.forEach(
          (org, totals) ->
              out.append(
                  String.format(
                      Locale.ROOT,
                      "  %-24s %12s %14s %16s %6d  %s%n",
                      org,
                      count(totals.records()),
                      count(totals.tokens()),
                      money(totals.cost()),
                      criteria.tenantDays().getOrDefault(org, criteria.defaultDays()),
                      criteria.cutoffFor(org).date())));
    }
    return out.toString();
  }

  public static String history(List<JournalEntry> entries) {
    if (entries.isEmpty()) {
      return "No cleanup runs journaled yet.\n";
    }
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%6s  %-10s  %-11s  %-10s  %10s  %10s  %9s  %-21s  %s%n",
            "id",
            "date",
            "status",
            "cutoff",
            "deleted",
            "remaining",
            "seconds",
            "size",
            "error"));
    for (JournalEntry entry : entries) {
      String status =
          entry.status() != null ? entry.status() : entry.success() ? "succeeded" : "failed";
      out.append(
          String.format(
              Locale.ROOT,
              "%6d  %-10s  %-11s  %-10s  %10s  %10s  %9s  %-21s  %s%n",
              entry.id(),
              entry.cleanupDate(),
              status,
              entry.cutoffDate(),
              entry.recordsDeleted() == null ? "-" : count(entry.recordsDeleted()),
              entry.recordsRemaining() == null ? "-" : count(entry.recordsRemaining()),
              entry.durationSeconds() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.2f", entry.durationSeconds()),
              entry.storage().map(ReportText::size).orElse("-"),
              (entry.errorMessage() == null ? "" : entry.errorMessage())
                  + (entry.recordsNotSummed() == null || entry.recordsNotSummed() == 0
                      ? ""
                      : notSummed(entry.recordsNotSummed()).strip())
                  + (entry.note() == null ? "" : entry.note())
                  + (entry.archiveLocation() == null
                      ? ""
                      : " [archive: "
                          + (entry.archiveRecords() == null ? "?" : count(entry.archiveRecords()))
                          + " rows in "
                          + entry.archiveLocation()
                          + "]")));
    }
    return out.toString();
  }

  /**
   * A run's measured size before and after it, {@code 3.0 MiB -> 2.1 MiB} ({@code ?} for a side not
   * measured): the table and its indexes on PostgreSQL, the whole file on SQLite.
   */
  static String size(StorageReport storage) {
    return side(storage.before()) + " -> " + side(storage.after());
  }

  private static String side(Optional<StorageFigures> figures) {
    return figures.map(f -> StorageReport.bytes(f.bytes())).orElse("?");
  }

  public static String health(HealthReport health) {
    StringBuilder out = new StringBuilder();
    out.append(health.healthy() ? "healthy: " : "UNHEALTHY: ").append(health.reason()).append('\n');
    health
        .lastFailure()
        .ifPresent(
            failure ->
                out.append("last failure: ")
                    .append(failure.cleanupDate())
                    .append(" ")
                    .append(failure.errorMessage() == null ? "" : failure.errorMessage())
                    .append('\n'));
    return out.toString();
  }

  private static String line(String label, String value) {
    return String.format(Locale.ROOT, "  %-17s %s%n", label, value);
  }

  private static String describe(Map<String, Integer> days) {
    StringBuilder text = new StringBuilder();
    days.forEach(
        (org, value) ->
            text.append(text.length() == 0 ? "" : ", ").append(org).append('=').append(value));
    return text.toString();
  }

  /** What the sums leave out, in the words the README uses. */
  static String notSummed(long rows) {
    return rows == 0
        ? ""
        : String.format(
            Locale.ROOT,
            " (the sums exclude %,d deleted %s whose cost or tokens are not a finite number)",
            rows,
            rows == 1 ? "row" : "rows");
  }

  private static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  private static String money(BigDecimal value) {
    return value.toPlainString();
  }
}
