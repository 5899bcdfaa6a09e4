package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.StorageFigures;
import ai.mai.retention.core.domain.StorageReport;
import ai.mai.retention.core.domain.VacuumOutcome;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.ibatis.session.SqlSession;

/**
 * Writes what a run measured of its storage into the storage columns of its audit row, in the
 * journal's transaction: the typed columns an operator queries, and every figure as JSON.
 */
final class StorageAudit {

  private StorageAudit() {}

  /** Fills the storage columns of the audit row just written for {@code finished}, if measured. */
  static void record(SqlSession session, CleanupReport finished) {
    finished
        .storage()
        .ifPresent(
            storage ->
                session.getMapper(StorageAuditMapper.class).updateStorage(row(finished, storage)));
  }

  static StorageAuditRow row(CleanupReport report, StorageReport storage) {
    return new StorageAuditRow(
        report.runId(),
        storage.before().map(StorageFigures::bytes).orElse(null),
        storage.after().map(StorageFigures::bytes).orElse(null),
        storage.vacuum().map(VacuumOutcome::bytesReturned).orElse(null),
        storage.vacuum().map(VacuumOutcome::durationSeconds).orElse(null),
        json(storage));
  }

  /**
   * {@code {"before":{"bytes":n,"reusable_bytes":n,"reported":{"page_count":n,...}},"after":{...},
   * "vacuum":{"mode":"online","performed":true,"bytes_returned":n,"seconds":0.1,"note":"..."},
   * "problem":"..."}}; what was not measured is left out.
   */
  static String json(StorageReport storage) {
    StringBuilder json = new StringBuilder("{");
    storage.before().ifPresent(figures -> figures(json.append("\"before\":"), figures));
    storage
        .after()
        .ifPresent(
            figures ->
                figures(json.append(json.length() > 1 ? "," : "").append("\"after\":"), figures));
    storage
        .vacuum()
        .ifPresent(
            vacuum -> {
              json.append(json.length() > 1 ? "," : "")
                  .append("\"vacuum\":{\"mode\":\"")
                  .append(vacuum.mode().label())
                  .append("\",\"performed\":")
                  .append(vacuum.performed())
                  .append(",\"bytes_returned\":")
                  .append(vacuum.bytesReturned())
                  .append(",\"seconds\":")
                  .append(String.format(Locale.ROOT, "%.3f", vacuum.durationSeconds()));
              if (vacuum.note() != null) {
                JsonText.appendString(json.append(",\"note\":"), vacuum.note());
              }
              json.append('}');
            });
    storage
        .problem()
        .ifPresent(
            problem ->
                JsonText.appendString(
                    json.append(json.length() > 1 ? "," : "").append("\"problem\":"), problem));
    return json.append('}').toString();
  }

  private static void figures(StringBuilder json, StorageFigures figures) {
    json.append("{\"bytes\":").append(figures.bytes());
    optional(json, "reusable_bytes", figures.reusableBytes());
    optional(json, "dead_rows", figures.deadRows());
    json.append(",\"reported\":{");
    boolean first = true;
    for (Map.Entry<String, Long> entry : figures.reported().entrySet()) {
      if (!first) {
        json.append(',');
      }
      first = false;
      JsonText.appendString(json, entry.getKey());
      json.append(':').append(entry.getValue());
    }
    json.append("}}");
  }

  private static void optional(StringBuilder json, String key, OptionalLong value) {
    value.ifPresent(v -> json.append(",\"").append(key).append("\":").append(v));
  }
}
