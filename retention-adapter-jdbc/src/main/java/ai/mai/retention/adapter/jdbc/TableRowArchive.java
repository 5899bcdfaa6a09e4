package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.domain.ArchiveReport;
import ai.mai.retention.core.domain.ArchiveTarget;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.port.out.ArchiveUnavailableException;
import ai.mai.retention.core.port.out.RowArchive;
import ai.mai.retention.core.port.out.SchemaProblemException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * {@code table:<name>}: each batch's statement moves the rows it deletes into an archive table of
 * the same database, in the batch's own transaction, so every deleted row is there exactly once,
 * with the run's id in {@link ArchiveColumns#RUN_ID_COLUMN}. The table has the target's columns (no
 * keys, no indexes: it only takes rows) and is created by the library's migration ({@link
 * #prepare()}), never by a run: a run finds it, or refuses.
 */
public final class TableRowArchive implements RowArchive {

  /** How a database creates the archive table of a target table. */
  @FunctionalInterface
  public interface Ddl {
    /**
     * {@code CREATE TABLE IF NOT EXISTS} of {@code archive} with {@code target}'s columns and types
     * and {@link ArchiveColumns#RUN_ID_COLUMN}.
     */
    String createTable(Connection connection, TableName target, TableName archive)
        throws SQLException;
  }

  private final SqlSessionFactory sessions;
  private final DialectTransactions transactions;
  private final TableName target;
  private final TableName archive;
  private final Ddl ddl;
  private final ArchiveTarget archiveTarget;

  public TableRowArchive(
      SqlSessionFactory sessions,
      DialectTransactions transactions,
      TableName target,
      TableName archive,
      Ddl ddl) {
    if (sessions == null || transactions == null || target == null || archive == null) {
      throw new IllegalArgumentException("sessions, transactions and both tables are required");
    }
    requireArchiveName(target, archive);
    this.sessions = sessions;
    this.transactions = transactions;
    this.target = target;
    this.archive = archive;
    this.ddl = ddl;
    this.archiveTarget = ArchiveTarget.table(archive.value());
  }

  /** The library's own tables, which no archive may be. */
  private static final Set<String> LIBRARY_TABLES =
      Set.of(
          MyBatisCleanupJournal.AUDIT_TABLE.value(),
          "retention_run",
          "retention_lock",
          FlywaySchemaMigrator.HISTORY_TABLE,
          "retention_quartz_schema_history");

  /**
   * An archive table must be a table of its own: not the one it archives, nor one of the library's.
   *
   * @throws IllegalArgumentException naming the clash
   */
  public static void requireArchiveName(TableName target, TableName archive) {
    String name = archive.value().toLowerCase(java.util.Locale.ROOT);
    if (name.equals(target.value().toLowerCase(java.util.Locale.ROOT))
        || LIBRARY_TABLES.contains(name)
        || name.startsWith("retention_qrtz_")) {
      throw new IllegalArgumentException(
          "the archive table must be a table of its own, not "
              + archive
              + " (the cleaned table or one of the library's)");
    }
  }

  @Override
  public ArchiveTarget target() {
    return archiveTarget;
  }

  @Override
  public void prepare() {
    transactions.write(
        sessions,
        "creating the archive table " + archive,
        session -> {
          Connection connection = session.getConnection();
          try {
            if (ArchiveColumns.of(connection, archive).isEmpty()) {
              execute(connection, createSql(connection));
            }
          } catch (SQLException e) {
            throw new SchemaProblemException(
                "creating the archive table " + archive + " failed: " + e.getMessage(), e);
          }
          return null;
        });
  }

  @Override
  public Optional<String> preparationSql() {
    try (SqlSession session = transactions.openSession(sessions)) {
      return Optional.of(createSql(session.getConnection()) + ";");
    } catch (SQLException e) {
      throw new SchemaProblemException(
          "cannot write the archive table's statement: " + e.getMessage(), e);
    }
  }

  private String createSql(Connection connection) throws SQLException {
    if (ArchiveColumns.of(connection, target).isEmpty()) {
      throw new SchemaProblemException(
          "table " + target + " does not exist, so its archive table cannot be made");
    }
    return ddl.createTable(connection, target, archive);
  }

  /**
   * Proves, changing nothing, that the archive table takes the target's rows: it has every column
   * of the target and the run id's, and an {@code INSERT ... SELECT} of no row into it is accepted
   * (which also checks the privilege on PostgreSQL).
   */
  @Override
  public Writer open(Run run) {
    transactions.write(
        sessions,
        "checking the archive table " + archive,
        session -> {
          try {
            check(session.getConnection(), run.runId());
          } catch (SQLException e) {
            throw new ArchiveUnavailableException(
                "the archive table " + archive + " does not take rows: " + e.getMessage(), e);
          }
          return null;
        });
    return new TableWriter(run.runId());
  }

  private void check(Connection connection, String runId) throws SQLException {
    List<String> columns = ArchiveColumns.of(connection, target);
    Set<String> have =
        TargetTableCheck.columnNames(connection, archive)
            .orElseThrow(
                () ->
                    new ArchiveUnavailableException(
                        "the archive table "
                            + archive
                            + " does not exist: the library's migration creates it"
                            + " (Retention.migrate(), the app's migrate, cleanup and run)"));
    List<String> missing = new ArrayList<>();
    for (String column : columns) {
      if (!have.contains(column)) {
        missing.add(column);
      }
    }
    if (!have.contains(ArchiveColumns.RUN_ID_COLUMN)) {
      missing.add(ArchiveColumns.RUN_ID_COLUMN);
    }
    if (!missing.isEmpty()) {
      throw new ArchiveUnavailableException(
          "the archive table "
              + archive
              + " lacks the column(s) "
              + String.join(", ", missing)
              + " of "
              + target
              + " (add them, or rename the table and let the migration make a new one)");
    }
    String list = ArchiveColumns.quotedList(columns);
    try (PreparedStatement trial =
        connection.prepareStatement(
            "INSERT INTO "
                + archive.value()
                + " ("
                + list
                + ", "
                + ArchiveColumns.quote(ArchiveColumns.RUN_ID_COLUMN)
                + ") SELECT "
                + list
                + ", ? FROM "
                + target.value()
                + " WHERE 1 = 0")) {
      trial.setString(1, runId);
      trial.executeUpdate();
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Counts what the batches' statements moved; the rows themselves never leave the database. */
  private final class TableWriter implements Writer {
    private final String runId;
    private long records;

    TableWriter(String runId) {
      this.runId = runId;
    }

    @Override
    public String runId() {
      return runId;
    }

    @Override
    public Optional<String> table() {
      return Optional.of(archive.value());
    }

    @Override
    public RowSink startBatch(List<String> columns) {
      throw new IllegalStateException(
          "rows archived to table " + archive + " are moved by the batch's statement");
    }

    @Override
    public void makeDurable() {
      // They commit with the delete, in the same transaction.
    }

    @Override
    public void batchCommitted(long rows) {
      records += rows;
    }

    @Override
    public void batchFailed() {
      // Rolled back with the delete.
    }

    @Override
    public ArchiveReport progress(long batchRows) {
      return report(records + batchRows);
    }

    @Override
    public ArchiveReport finish(CleanupReport report) {
      return report(records);
    }

    private ArchiveReport report(long count) {
      return new ArchiveReport(
          archiveTarget,
          Optional.of("table:" + archive.value()),
          count,
          0,
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
    }
  }
}
