package ai.mai.retention.adapter.jdbc;

/**
 * One CSV line (RFC 4180) per row, as {@code psql \copy ... (FORMAT csv)} and {@code sqlite3
 * .import --csv} read it: a NULL is an empty field, an empty string a quoted one ({@code ""}), a
 * field with a comma, quote, line break, or that is {@code \.} (the end marker of {@code COPY}) is
 * quoted with its quotes doubled. Lines end with {@code \n}.
 */
final class CsvLines {

  private CsvLines() {}

  static String line(String[] values) {
    StringBuilder line = new StringBuilder(values.length * 16);
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        line.append(',');
      }
      append(line, values[i]);
    }
    return line.append('\n').toString();
  }

  private static void append(StringBuilder line, String value) {
    if (value == null) {
      return;
    }
    if (value.isEmpty() || needsQuotes(value)) {
      line.append('"').append(value.replace("\"", "\"\"")).append('"');
    } else {
      line.append(value);
    }
  }

  private static boolean needsQuotes(String value) {
    if (value.equals("\\.")) {
      return true;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        return true;
      }
    }
    return false;
  }
}
