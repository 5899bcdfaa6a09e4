package ai.mai.retention.adapter.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;

/**
 * The columns of a table in their declared order, from {@link DatabaseMetaData} (the same code for
 * both databases): what an archive keeps of each deleted row, and the order of a file's header.
 */
public final class ArchiveColumns {

  /** The column an archive table has beside the target's: the run that moved the row there. */
  public static final String RUN_ID_COLUMN = "archive_run_id";

  private ArchiveColumns() {}

  /**
   * The table's columns in order, as the catalog spells them; empty when there is no such table in
   * the connection's current schema.
   */
  public static List<String> of(Connection connection, TableName table) throws SQLException {
    return TargetTableCheck.orderedColumnNames(connection, table);
  }

  /** A catalog name as an SQL identifier both databases read: in double quotes, quotes doubled. */
  public static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  static String quotedList(List<String> columns) {
    return quotedList(columns, "", "");
  }

  /**
   * The columns quoted and comma-separated, each between {@code before} and {@code after}: {@code
   * deleted."id"::text, ...}.
   */
  public static String quotedList(List<String> columns, String before, String after) {
    StringBuilder list = new StringBuilder();
    for (String column : columns) {
      if (list.length() > 0) {
        list.append(", ");
      }
      list.append(before).append(quote(column)).append(after);
    }
    return list.toString();
  }
}
