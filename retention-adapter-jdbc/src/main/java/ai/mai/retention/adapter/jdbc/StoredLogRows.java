package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.domain.CleanupGuards;
import ai.mai.retention.core.domain.JournalEntry;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;

/**
 * Reads audit rows as {@link JournalEntry}s, whoever wrote them. The Python service's rows (or an
 * operator's hand) may hold what their column does not declare; a value that cannot be read fails
 * with a message naming the row, the column and the value, so that it can be fixed, never with a
 * driver's or MyBatis' words. Two things are read leniently, because they have a meaning: a cost
 * that is not a finite number (NaN, Infinity) is shown as unknown, and a {@code created_at} in
 * epoch milliseconds is taken as such (read as seconds it would date the row thousands of years
 * ahead and keep {@code health} green).
 */
final class StoredLogRows {

  private StoredLogRows() {}

  static JournalEntry entry(StoredLogRow row) {
    return new JournalEntry(
        row.id(),
        date(row, "cleanup_date", row.cleanupDate()),
        date(row, "cutoff_date", row.cutoffDate()),
        toInt(row, "days_retained", row.daysRetained()),
        whole(row, "records_before", row.recordsBefore()),
        whole(row, "records_deleted", row.recordsDeleted()),
        whole(row, "records_remaining", row.recordsRemaining()),
        whole(row, "old_tokens_removed", row.oldTokensRemoved()),
        cost(row, "old_cost_removed", row.oldCostRemoved()),
        number(row, "storage_saved_kb", row.storageSavedKb()),
        number(row, "cleanup_duration_seconds", row.cleanupDurationSeconds()),
        bool(row, "success", row.success()),
        row.errorMessage(),
        createdAt(row),
        row.runId(),
        row.trigger(),
        row.status(),
        toInt(row, "batches", row.batches()),
        row.retentionPolicy(),
        whole(row, "records_not_summed", row.recordsNotSummed()),
        row.archiveLocation(),
        whole(row, "archive_records", row.archiveRecords()),
        row.note(),
        whole(row, "records_left", row.recordsLeft()),
        StorageAudit.read(row));
  }

  /** A value the row's column cannot mean: the row, the column, the value and what was expected. */
  static IllegalStateException unreadable(
      StoredLogRow row, String column, Object value, String expected) {
    return new IllegalStateException(
        "processed_generation_cleanup_log row id="
            + row.id()
            + ": "
            + column
            + " holds "
            + shown(value)
            + ", which is not "
            + expected
            + "; correct or delete that row (history and health read it)");
  }

  private static String shown(Object value) {
    String text = String.valueOf(value);
    if (text.length() > 40) {
      text = text.substring(0, 40) + "...";
    }
    return value instanceof String ? "'" + text + "'" : text;
  }

  private static LocalDate date(StoredLogRow row, String column, Object value) {
    try {
      return DateTypeHandler.toDate(value);
    } catch (DateTimeException | IndexOutOfBoundsException e) {
      throw unreadable(row, column, value, "a date (YYYY-MM-DD)");
    }
  }

  private static Integer toInt(StoredLogRow row, String column, Object value) {
    Long whole = whole(row, column, value);
    if (whole == null) {
      return null;
    }
    if (whole < Integer.MIN_VALUE || whole > Integer.MAX_VALUE) {
      throw unreadable(row, column, value, "a whole number of at most 10 digits");
    }
    return whole.intValue();
  }

  static Long whole(StoredLogRow row, String column, Object value) {
    if (value == null) {
      return null;
    }
    try {
      BigDecimal number =
          value instanceof Number n ? new BigDecimal(n.toString()) : new BigDecimal(text(value));
      return number.stripTrailingZeros().longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw unreadable(row, column, value, "a whole number");
    }
  }

  /** Money as a decimal; unknown (null) when the float is NaN or infinite, as no decimal is. */
  private static BigDecimal cost(StoredLogRow row, String column, Object value) {
    Double number = number(row, column, value);
    return number == null || !Double.isFinite(number) ? null : BigDecimal.valueOf(number);
  }

  static Double number(StoredLogRow row, String column, Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(text(value));
    } catch (NumberFormatException e) {
      throw unreadable(row, column, value, "a number");
    }
  }

  private static boolean bool(StoredLogRow row, String column, Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n) {
      return n.doubleValue() != 0;
    }
    String text = value == null ? "" : text(value).toLowerCase(Locale.ROOT);
    return switch (text) {
      case "1", "true", "t", "yes", "y" -> true;
      case "0", "false", "f", "no", "n" -> false;
      default -> throw unreadable(row, column, value, "a boolean (1 or 0)");
    };
  }

  private static Instant createdAt(StoredLogRow row) {
    Long seconds = whole(row, "created_at", row.createdAt());
    if (seconds == null) {
      throw unreadable(row, "created_at", null, "a time in epoch seconds");
    }
    return seconds > CleanupGuards.MAX_PLAUSIBLE_EPOCH_SECONDS
        ? Instant.ofEpochMilli(seconds)
        : Instant.ofEpochSecond(seconds);
  }

  private static String text(Object value) {
    return value.toString().strip();
  }
}
