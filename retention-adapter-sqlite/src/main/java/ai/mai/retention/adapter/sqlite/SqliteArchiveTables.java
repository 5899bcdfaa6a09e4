package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.adapter.jdbc.ArchiveColumns;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.adapter.jdbc.TableRowArchive;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * The archive table on SQLite: the target's columns with their declared types (so each value keeps
 * the affinity it had), no constraints, keys or indexes, plus the run's id. In the same file as the
 * target: SQLite commits a transaction over an attached database atomically only in
 * rollback-journal mode, and in WAL mode (where the library runs) a crash between the two files'
 * commits could lose rows; see the README's measurement of that variant.
 */
final class SqliteArchiveTables implements TableRowArchive.Ddl {

  /** A declared type as SQLite takes it: words, digits, a size in brackets. */
  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_ (),]*");

  @Override
  public String createTable(Connection connection, TableName target, TableName archive)
      throws SQLException {
    StringBuilder ddl =
        new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(archive.value()).append(" (");
    try (PreparedStatement columns =
        connection.prepareStatement("SELECT name, type FROM pragma_table_info(?) ORDER BY cid")) {
      columns.setString(1, target.value());
      try (ResultSet rs = columns.executeQuery()) {
        while (rs.next()) {
          String type = rs.getString(2);
          ddl.append(ArchiveColumns.quote(rs.getString(1)));
          if (type != null && !type.isBlank() && TYPE.matcher(type).matches()) {
            ddl.append(' ').append(type);
          }
          ddl.append(", ");
        }
      }
    }
    return ddl.append(ArchiveColumns.quote(ArchiveColumns.RUN_ID_COLUMN))
        .append(" TEXT NOT NULL)")
        .toString();
  }
}
