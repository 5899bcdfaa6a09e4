package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.port.out.RowArchive;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;

/**
 * What a delete batch's SQL needs to keep its rows ({@code CLEANUP_ARCHIVE}), as JavaBean getters
 * for MyBatis: the archive table (moved by the statement, {@code table:}) or none (the statement
 * returns every column, {@code file:}), the run's id, and the target's columns. Every identifier
 * here comes from the database's catalog or a validated {@link TableName}, and is quoted.
 */
public final class ArchiveStatement {

  private final TableName table;
  private final String runId;
  private final List<String> columns;
  private final String rowText;

  /**
   * @param table the archive table; null when the rows go to a file
   * @param runId the run's id, written beside each row of an archive table
   * @param columns the target table's columns, in their order
   * @param rowText a dialect's expression list giving each column of a deleted row as text, for
   *     statements that return rows for a file; null where the dialect reads the values itself
   */
  public ArchiveStatement(TableName table, String runId, List<String> columns, String rowText) {
    if (runId == null || columns == null || columns.isEmpty()) {
      throw new IllegalArgumentException("runId and columns are required");
    }
    this.table = table;
    this.runId = runId;
    this.columns = List.copyOf(columns);
    this.rowText = rowText;
  }

  /**
   * The statement of a sweep that keeps its rows in {@code archive}, the target's columns read once
   * from the catalog on the sweep's session.
   *
   * @param rowText the dialect's expression list giving a deleted row's columns as text, from the
   *     column names; null where the dialect reads the values itself
   */
  public static ArchiveStatement forSweep(
      SqlSession session,
      TableName target,
      RowArchive.Writer archive,
      Function<List<String>, String> rowText) {
    List<String> columns;
    try {
      columns = ArchiveColumns.of(session.getConnection(), target);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the columns of " + target, e);
    }
    return new ArchiveStatement(
        archive.table().map(TableName::of).orElse(null),
        archive.runId(),
        columns,
        rowText == null ? null : rowText.apply(columns));
  }

  /** The archive table, for {@code ${archive.table}}; null when the rows go to a file. */
  public String getTable() {
    return table == null ? null : table.value();
  }

  public String getRunId() {
    return runId;
  }

  /** The target's columns, quoted and comma-separated: {@code "id", "client_org_id", ...}. */
  public String getColumnList() {
    return ArchiveColumns.quotedList(columns);
  }

  public String getRowText() {
    return rowText;
  }

  public List<String> columns() {
    return columns;
  }
}
