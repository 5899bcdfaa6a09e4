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
  private final List<String> columns;
  private final String rowText;
  private final RowArchive.Writer writer;

  private ArchiveStatement(
      TableName table, List<String> columns, String rowText, RowArchive.Writer writer) {
    if (columns == null || columns.isEmpty()) {
      throw new IllegalArgumentException("the target's columns are required");
    }
    this.table = table;
    this.columns = List.copyOf(columns);
    this.rowText = rowText;
    this.writer = writer;
  }

  /**
   * Whether a sweep given {@code archive} keeps its rows at all: only then is there a statement to
   * read the catalog for.
   */
  public static boolean keeps(RowArchive.Writer archive) {
    return archive != null && archive.active();
  }

  /**
   * The statement of a sweep that keeps its rows in {@code archive}, the target's columns read once
   * from the catalog on the sweep's session; null when the sweep keeps nothing.
   *
   * @param rowText the dialect's expression list giving a deleted row's columns as text, from the
   *     column names; null where the dialect reads the values itself
   */
  public static ArchiveStatement forSweep(
      SqlSession session,
      TableName target,
      RowArchive.Writer archive,
      Function<List<String>, String> rowText) {
    if (!keeps(archive)) {
      return null;
    }
    List<String> columns;
    try {
      columns = ArchiveColumns.of(session.getConnection(), target);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the columns of " + target, e);
    }
    return new ArchiveStatement(
        archive.table().map(TableName::of).orElse(null),
        columns,
        rowText == null ? null : rowText.apply(columns),
        archive);
  }

  /** The archive table, for {@code ${archive.table}}; null when the rows go to a file. */
  public String getTable() {
    return table == null ? null : table.value();
  }

  public String getRunId() {
    return writer.runId();
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

  /** Whether the batches' rows come back to the sweep for the archive file ({@code file:}). */
  public boolean toFile() {
    return table == null;
  }

  /**
   * At the start of each attempt of a batch's transaction: where its deleted rows go; null when the
   * statement moves them into the archive table itself.
   */
  public RowArchive.RowSink startBatch() {
    return toFile() ? writer.startBatch(columns) : null;
  }

  /**
   * Last in a batch's transaction, before its commit: the rows are on disk before they are gone
   * from the table. Nothing to do for an archive table, whose rows commit with the delete.
   */
  public void beforeCommit() {
    if (toFile()) {
      writer.makeDurable();
    }
  }
}
