package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.StorageFigures;
import ai.mai.retention.core.domain.StorageReport;
import ai.mai.retention.core.domain.VacuumMode;
import ai.mai.retention.core.domain.VacuumOutcome;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.ibatis.session.SqlSession;

/**
 * Writes what a run measured of its storage into the storage columns of its audit row, in the
 * journal's transaction: the typed columns an operator queries, and every figure as JSON; and reads
 * them back for history and health ({@link #read}).
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
    json.append(",\"reported\":").append(JsonText.object(figures.reported())).append('}');
  }

  private static void optional(StringBuilder json, String key, OptionalLong value) {
    value.ifPresent(v -> json.append(",\"").append(key).append("\":").append(v));
  }

  /**
   * The storage a run measured, from its audit row; empty when the row holds none (a run that
   * measured nothing, a row from before migration V6 or the Python service's). {@code
   * storage_details} holds every figure; the typed columns give the sizes and the vacuum's time
   * (its seconds unrounded) and stand alone where the details are missing. Details that cannot be
   * read (an operator's hand) do not fail the read, as history and health must keep working: the
   * typed columns' sizes come back and {@code problem} names the row and the column.
   */
  static Optional<StorageReport> read(StoredLogRow row) {
    Long bytesBefore = byteCount(row, "storage_bytes_before", row.storageBytesBefore());
    Long bytesAfter = byteCount(row, "storage_bytes_after", row.storageBytesAfter());
    Long vacuumBytes = StoredLogRows.whole(row, "vacuum_bytes_returned", row.vacuumBytesReturned());
    Double vacuumSeconds = StoredLogRows.number(row, "vacuum_seconds", row.vacuumSeconds());
    String details = row.storageDetails() == null ? "" : row.storageDetails().strip();
    if (bytesBefore == null && bytesAfter == null && details.isEmpty()) {
      return Optional.empty();
    }
    if (details.isEmpty()) {
      return Optional.of(
          new StorageReport(
              sizeOnly(bytesBefore), sizeOnly(bytesAfter), Optional.empty(), Optional.empty()));
    }
    try {
      Map<?, ?> json = object(JsonText.parse(details), "the details");
      if (json == null) {
        throw new IllegalArgumentException("the details are null");
      }
      return Optional.of(
          new StorageReport(
              figures(object(json.get("before"), "before"), bytesBefore),
              figures(object(json.get("after"), "after"), bytesAfter),
              vacuum(object(json.get("vacuum"), "vacuum"), vacuumBytes, vacuumSeconds),
              Optional.ofNullable(text(json.get("problem"), "problem"))));
    } catch (IllegalArgumentException | ArithmeticException unreadable) {
      return Optional.of(
          new StorageReport(
              sizeOnly(bytesBefore),
              sizeOnly(bytesAfter),
              Optional.empty(),
              Optional.of(
                  "storage_details of processed_generation_cleanup_log row id="
                      + row.id()
                      + " cannot be read ("
                      + unreadable.getMessage()
                      + "); the sizes are storage_bytes_before and storage_bytes_after")));
    }
  }

  private static Long byteCount(StoredLogRow row, String column, Object value) {
    Long bytes = StoredLogRows.whole(row, column, value);
    if (bytes != null && bytes < 0) {
      throw StoredLogRows.unreadable(row, column, value, "a byte count from 0 up");
    }
    return bytes;
  }

  private static Optional<StorageFigures> sizeOnly(Long bytes) {
    return bytes == null
        ? Optional.empty()
        : Optional.of(new StorageFigures(bytes, null, null, Map.of()));
  }

  /** One side's figures; the typed column's size, when there, wins over the details' copy. */
  private static Optional<StorageFigures> figures(Map<?, ?> json, Long typedBytes) {
    if (json == null) {
      return sizeOnly(typedBytes);
    }
    Long bytes = typedBytes != null ? typedBytes : whole(json.get("bytes"), "bytes");
    if (bytes == null) {
      throw new IllegalArgumentException("a size without bytes");
    }
    Map<String, Long> reported = new LinkedHashMap<>();
    Map<?, ?> figures = object(json.get("reported"), "reported");
    if (figures != null) {
      figures.forEach(
          (name, value) -> {
            Long figure = whole(value, String.valueOf(name));
            if (figure != null) {
              reported.put(String.valueOf(name), figure);
            }
          });
    }
    return Optional.of(
        new StorageFigures(
            bytes,
            optional(whole(json.get("reusable_bytes"), "reusable_bytes")),
            optional(whole(json.get("dead_rows"), "dead_rows")),
            reported));
  }

  private static Optional<VacuumOutcome> vacuum(
      Map<?, ?> json, Long typedBytes, Double typedSeconds) {
    if (json == null) {
      return Optional.empty();
    }
    String mode = text(json.get("mode"), "vacuum mode");
    Object performed = json.get("performed");
    if (!(performed instanceof Boolean)) {
      throw new IllegalArgumentException("vacuum performed is not true or false");
    }
    Long bytes = typedBytes != null ? typedBytes : whole(json.get("bytes_returned"), "bytes");
    Double seconds = typedSeconds;
    if (seconds == null) {
      BigDecimal written = decimal(json.get("seconds"), "seconds");
      seconds = written == null ? 0.0 : written.doubleValue();
    }
    return Optional.of(
        new VacuumOutcome(
            VacuumMode.parse(mode),
            (Boolean) performed,
            bytes == null ? 0 : bytes,
            Double.isFinite(seconds) ? Duration.ofNanos(Math.round(seconds * 1e9)) : Duration.ZERO,
            text(json.get("note"), "vacuum note")));
  }

  private static Map<?, ?> object(Object value, String what) {
    if (value == null || value instanceof Map<?, ?>) {
      return (Map<?, ?>) value;
    }
    throw new IllegalArgumentException(what + " is not a JSON object");
  }

  private static String text(Object value, String what) {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new IllegalArgumentException(what + " is not a string");
  }

  private static BigDecimal decimal(Object value, String what) {
    if (value == null || value instanceof BigDecimal) {
      return (BigDecimal) value;
    }
    throw new IllegalArgumentException(what + " is not a number");
  }

  private static Long whole(Object value, String what) {
    BigDecimal number = decimal(value, what);
    if (number == null) {
      return null;
    }
    try {
      return number.longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(what + " is not a whole number", e);
    }
  }

  private static OptionalLong optional(Long value) {
    return value == null ? OptionalLong.empty() : OptionalLong.of(value);
  }
}
