package ai.mai.retention.adapter.postgres;

import ai.mai.retention.adapter.jdbc.ArchiveColumns;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.adapter.jdbc.TableRowArchive;
import java.sql.Connection;

/**
 * The archive table on PostgreSQL: {@code LIKE} the target (its columns, types and {@code NOT
 * NULL}s; no defaults, keys, indexes or identity, since it only takes rows the target had), plus
 * the run's id.
 */
final class PostgresArchiveTables implements TableRowArchive.Ddl {

  @Override
  public String createTable(Connection connection, TableName target, TableName archive) {
    return "CREATE TABLE IF NOT EXISTS "
        + archive.value()
        + " (LIKE "
        + target.value()
        + ", "
        + ArchiveColumns.quote(ArchiveColumns.RUN_ID_COLUMN)
        + " text NOT NULL)";
  }
}
