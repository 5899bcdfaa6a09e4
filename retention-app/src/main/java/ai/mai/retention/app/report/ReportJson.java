package ai.mai.retention.app.report;

import ai.mai.retention.core.domain.ArchiveReport;
import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.HealthReport;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.domain.OrganizationTotals;
import ai.mai.retention.core.domain.StorageFigures;
import ai.mai.retention.core.domain.StorageReport;
import ai.mai.retention.core.domain.VacuumOutcome;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes the app prints: snake_case keys, a superset of the Python service's result dict
 * (PRODUCT.md). Money is written as an exact decimal number.
 */
public final class ReportJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private ReportJson() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }

  public static Map<String, Object> cleanup(CleanupReport report) {
    CleanupCriteria criteria = report.criteria();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("success", report.success());
    json.put("status", report.status().label());
    json.put("run_id", report.runId());
    json.put("trigger", report.trigger().label());
    json.put("dry_run", report.dryRun());
    json.put("cutoff_date", report.cutoff().date().toString());
    json.put("cutoff_timestamp", report.cutoff().epochSecond());
    json.put("days_to_keep", criteria.defaultDays());
    json.put("records_before", report.recordsBefore());
    json.put("records_expired", report.recordsExpired());
    json.put("records_deleted", report.recordsDeleted());
    json.put("records_remaining", report.recordsRemaining());
    json.put("old_tokens_removed", report.tokensRemoved());
    json.put("old_cost_removed", report.costRemoved());
    // Deleted rows whose cost or tokens are not a finite number: in records_deleted, not in the
    // two sums above.
    json.put("records_not_summed", report.recordsNotSummed());
    json.put("storage_saved_kb", report.storageSavedKb());
    json.put("storage", report.storage().map(ReportJson::storage).orElse(null));
    json.put("archive", report.archive().map(ReportJson::archive).orElse(null));
    json.put("cleanup_duration_seconds", report.durationSeconds());
    json.put("batches", report.batches());
    Map<String, Object> breakdown = new LinkedHashMap<>();
    report
        .deleted()
        .byOrganization()
        .forEach((org, totals) -> breakdown.put(org, organization(org, totals, criteria)));
    json.put("organization_breakdown", breakdown);
    json.put("retention_by_organization", criteria.tenantDays());
    json.put("organization_policies", policies(report));
    json.put("legal_holds", List.copyOf(criteria.legalHolds()));
    json.put("started_at", report.startedAt().toString());
    json.put("error", report.error());
    json.put("note", report.note());
    json.put("records_left", report.dryRun() ? null : report.recordsLeft());
    json.put("time_budget_spent", report.timeBudgetSpent());
    return json;
  }

  /**
   * What the database measured, beside the Python service's estimate {@code storage_saved_kb}:
   * {@code before} and {@code after} (bytes, reusable bytes or dead rows, and the database's own
   * figures), their difference, and the vacuum when one was asked for.
   */
  static Map<String, Object> storage(StorageReport storage) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("before", storage.before().map(ReportJson::figures).orElse(null));
    json.put("after", storage.after().map(ReportJson::figures).orElse(null));
    json.put(
        "bytes_change",
        storage.bytesChange().isPresent() ? storage.bytesChange().getAsLong() : null);
    json.put("vacuum", storage.vacuum().map(ReportJson::vacuum).orElse(null));
    json.put("problem", storage.problem().orElse(null));
    return json;
  }

  private static Map<String, Object> figures(StorageFigures figures) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("bytes", figures.bytes());
    figures.reusableBytes().ifPresent(bytes -> json.put("reusable_bytes", bytes));
    figures.deadRows().ifPresent(rows -> json.put("dead_rows", rows));
    json.put("reported", figures.reported());
    return json;
  }

  /** Where a run kept the rows it deleted ({@code CLEANUP_ARCHIVE}). */
  static Map<String, Object> archive(ArchiveReport archive) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("target", archive.target().describe());
    json.put("location", archive.location().orElse(null));
    json.put("records", archive.records());
    json.put("unconfirmed_records", archive.unconfirmedRecords());
    json.put("sha256", archive.sha256().orElse(null));
    json.put("manifest", archive.manifest().orElse(null));
    json.put("problem", archive.problem().orElse(null));
    return json;
  }

  private static Map<String, Object> vacuum(VacuumOutcome vacuum) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("mode", vacuum.mode().label());
    json.put("performed", vacuum.performed());
    json.put("bytes_returned", vacuum.bytesReturned());
    json.put("duration_seconds", vacuum.durationSeconds());
    json.put("note", vacuum.note());
    return json;
  }

  /**
   * Every organization the policy names, with its cutoff and what goes (0 when nothing does), so a
   * preview shows an override or hold even when it spares every row.
   */
  private static Map<String, Object> policies(CleanupReport report) {
    CleanupCriteria criteria = report.criteria();
    Map<String, Object> policies = new LinkedHashMap<>();
    criteria
        .tenantDays()
        .forEach(
            (org, days) -> {
              Map<String, Object> json = new LinkedHashMap<>();
              json.put("retention_days", days);
              json.put("cutoff_date", criteria.cutoffFor(org).date().toString());
              json.put("records", records(report, org));
              policies.put(org, json);
            });
    for (String org : criteria.legalHolds()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("legal_hold", true);
      json.put("records", records(report, org));
      policies.put(org, json);
    }
    return policies;
  }

  private static long records(CleanupReport report, String org) {
    OrganizationTotals totals = report.deleted().byOrganization().get(org);
    return totals == null ? 0 : totals.records();
  }

  private static Map<String, Object> organization(
      String org, OrganizationTotals totals, CleanupCriteria criteria) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("records", totals.records());
    json.put("tokens", totals.tokens());
    json.put("cost", totals.cost());
    json.put("records_not_summed", totals.notSummed());
    json.put("retention_days", criteria.tenantDays().getOrDefault(org, criteria.defaultDays()));
    json.put("cutoff_date", criteria.cutoffFor(org).date().toString());
    return json;
  }

  public static Map<String, Object> entry(JournalEntry entry) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", entry.id());
    json.put("cleanup_date", entry.cleanupDate() == null ? null : entry.cleanupDate().toString());
    json.put("cutoff_date", entry.cutoffDate() == null ? null : entry.cutoffDate().toString());
    json.put("days_retained", entry.daysRetained());
    json.put("records_before", entry.recordsBefore());
    json.put("records_deleted", entry.recordsDeleted());
    json.put("records_remaining", entry.recordsRemaining());
    json.put("old_tokens_removed", entry.tokensRemoved());
    json.put("old_cost_removed", entry.costRemoved());
    json.put("records_not_summed", entry.recordsNotSummed());
    json.put("storage_saved_kb", entry.storageSavedKb());
    // What the run measured, in the report's shape; null for a row without figures (a run that
    // measured nothing, a row from before migration V6, the Python service's rows).
    json.put("storage", entry.storage().map(ReportJson::storage).orElse(null));
    json.put("cleanup_duration_seconds", entry.durationSeconds());
    json.put("success", entry.success());
    json.put("error_message", entry.errorMessage());
    json.put("created_at", entry.createdAt() == null ? null : entry.createdAt().getEpochSecond());
    json.put("run_id", entry.runId());
    json.put("trigger", entry.trigger());
    json.put("status", entry.status());
    json.put("batches", entry.batches());
    json.put("retention_policy", entry.retentionPolicy());
    json.put("archive_location", entry.archiveLocation());
    json.put("archive_records", entry.archiveRecords());
    json.put("note", entry.note());
    json.put("records_left", entry.recordsLeft());
    return json;
  }

  /** The outcome of one run, briefly: what {@code /health} says about the newest run it saw. */
  public static Map<String, Object> summary(CleanupReport report) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", report.status().label());
    json.put("run_id", report.runId());
    json.put("trigger", report.trigger().label());
    json.put("finished_at", report.finishedAt().toString());
    json.put("records_deleted", report.recordsDeleted());
    json.put("error", report.error());
    json.put("note", report.note());
    return json;
  }

  public static Map<String, Object> health(HealthReport health) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", health.healthy() ? "healthy" : "unhealthy");
    json.put("healthy", health.healthy());
    json.put("reason", health.reason());
    json.put("checked_at", health.checkedAt().toString());
    json.put("max_age_seconds", health.maxAge().toSeconds());
    json.put("last_success", health.lastSuccess().map(ReportJson::entry).orElse(null));
    json.put("last_failure", health.lastFailure().map(ReportJson::entry).orElse(null));
    json.put("latest_run", health.latestRun().map(ReportJson::entry).orElse(null));
    return json;
  }
}
