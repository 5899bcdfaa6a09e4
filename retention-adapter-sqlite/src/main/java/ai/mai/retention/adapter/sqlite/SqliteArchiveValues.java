package ai.mai.retention.adapter.sqlite;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * A deleted row's values as the text an archive file keeps, each as SQLite stored it (its storage
 * class, not the column's declared type): integers and text as they are, a real as the shortest
 * decimal that reads back as the same double (SQLite's own text of a real has 15 digits, which is
 * not the stored value: 0.30000000000000004 would become 0.3), ±Infinity as {@code ±9e999} (what
 * SQLite reads back as infinity), a blob in hex. Reloaded with {@code sqlite3 .import}, every value
 * is the one that was deleted; a NULL comes back as an empty string ({@code .import} has no NULL).
 */
final class SqliteArchiveValues {

  private SqliteArchiveValues() {}

  /** Columns {@code first} to {@code first + count - 1} of the current row. */
  static String[] row(ResultSet row, int first, int count) throws SQLException {
    String[] values = new String[count];
    for (int i = 0; i < count; i++) {
      values[i] = text(row.getObject(first + i));
    }
    return values;
  }

  static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Double real) {
      return real(real);
    }
    if (value instanceof Float real) {
      return real(real.doubleValue());
    }
    if (value instanceof byte[] blob) {
      return HexFormat.of().formatHex(blob);
    }
    return value.toString();
  }

  /** The shortest decimal of {@code value} (Java's, which reads back exactly), or ±9e999. */
  static String real(double value) {
    if (Double.isInfinite(value)) {
      return value > 0 ? "9e999" : "-9e999";
    }
    if (Double.isNaN(value)) {
      return null; // SQLite stores no NaN: it becomes NULL
    }
    return Double.toString(value);
  }
}
