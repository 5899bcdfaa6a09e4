package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.core.domain.StorageFigures;
import ai.mai.retention.core.domain.VacuumMode;
import ai.mai.retention.core.port.out.TableStorage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * The SQLite file's space as SQLite reports it ({@code page_size}, {@code page_count}, {@code
 * freelist_count}), and giving free pages back. SQLite sizes one table only through the optional
 * {@code dbstat} table, which not every build has, so the figures are those of the whole file:
 * pages that deleted rows free go to the file's free list and are reused by new rows, and the file
 * shrinks only when they are given back.
 *
 * <p>Giving them back in short steps ({@code PRAGMA incremental_vacuum(n)}) works only in a file
 * whose {@code auto_vacuum} is {@code INCREMENTAL}; switching an existing file to it takes one
 * {@code VACUUM}, which rewrites the file and holds its write lock while it does. This class never
 * changes that setting; a full {@code VACUUM} runs only when asked for by name.
 */
public final class SqliteTableStorage implements TableStorage {

  /**
   * Pages one {@code incremental_vacuum} step gives back. 1,000 pages (4 MB at the default page
   * size) took 25 to 50 ms on this project's machine, about one delete batch's write lock (60 ms),
   * so mAI's writers wait no longer between steps than between batches.
   */
  static final int PAGES_PER_STEP = 1_000;

  static final int AUTO_VACUUM_NONE = 0;
  static final int AUTO_VACUUM_FULL = 1;
  static final int AUTO_VACUUM_INCREMENTAL = 2;

  private final DataSource dataSource;
  private final Duration pauseBetweenSteps;

  /**
   * @param dataSource connections to the file, in autocommit mode
   * @param pauseBetweenSteps idle time between two vacuum steps, as between delete batches
   */
  public SqliteTableStorage(DataSource dataSource, Duration pauseBetweenSteps) {
    if (dataSource == null) {
      throw new IllegalArgumentException("dataSource is required");
    }
    this.dataSource = dataSource;
    this.pauseBetweenSteps = pauseBetweenSteps == null ? Duration.ZERO : pauseBetweenSteps;
  }

  @Override
  public StorageFigures measure() {
    try (Connection connection = dataSource.getConnection()) {
      long pageSize = pragma(connection, "page_size");
      long pageCount = pragma(connection, "page_count");
      long freePages = pragma(connection, "freelist_count");
      Map<String, Long> reported = new LinkedHashMap<>();
      reported.put("page_size", pageSize);
      reported.put("page_count", pageCount);
      reported.put("freelist_count", freePages);
      return new StorageFigures(
          pageCount * pageSize,
          OptionalLong.of(freePages * pageSize),
          OptionalLong.empty(),
          reported);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not read the SQLite file's page counts: " + e.getMessage(), e);
    }
  }

  @Override
  public VacuumResult vacuum(VacuumMode mode, BooleanSupplier stopRequested) {
    try (Connection connection = dataSource.getConnection()) {
      if (!connection.getAutoCommit()) {
        return VacuumResult.notPerformed(
            "the connection is inside a transaction, and SQLite vacuums only outside one");
      }
      VacuumResult result =
          switch (mode) {
            case OFF -> VacuumResult.notPerformed("not asked for");
            case ONLINE -> incremental(connection, stopRequested);
            case FULL -> full(connection);
          };
      if (result.performed()) {
        checkpoint(connection);
      }
      return result;
    } catch (SQLException e) {
      return VacuumResult.notPerformed("failed: " + e.getMessage());
    }
  }

  private VacuumResult incremental(Connection connection, BooleanSupplier stopRequested)
      throws SQLException {
    long autoVacuum = pragma(connection, "auto_vacuum");
    if (autoVacuum == AUTO_VACUUM_NONE) {
      return VacuumResult.notPerformed(
          "the file's auto_vacuum is NONE, so SQLite can give its free pages back only by"
              + " rewriting the whole file; they stay in it for new rows. To allow giving them back"
              + " step by step, once and on one connection: PRAGMA auto_vacuum = INCREMENTAL;"
              + " VACUUM; (the VACUUM rewrites the file and holds its write lock while it runs)");
    }
    if (autoVacuum == AUTO_VACUUM_FULL) {
      return VacuumResult.notPerformed(
          "the file's auto_vacuum is FULL: SQLite gave the free pages back at every commit");
    }
    long free = pragma(connection, "freelist_count");
    // Bounded: a step returns up to PAGES_PER_STEP pages, and the host may free more meanwhile.
    long steps = free / PAGES_PER_STEP + 2;
    try (Statement statement = connection.createStatement()) {
      for (long step = 0; step < steps && free > 0; step++) {
        if (stopRequested.getAsBoolean() || Thread.currentThread().isInterrupted()) {
          return VacuumResult.done(
              "stopped by shutdown with " + free + " free pages left for the next run");
        }
        if (step > 0) {
          pause();
        }
        // executeUpdate steps the statement to its end; execute() runs one step of the pragma,
        // which gives back a single page (measured with sqlite-jdbc 3.54).
        statement.executeUpdate("PRAGMA incremental_vacuum(" + PAGES_PER_STEP + ")");
        free = pragma(connection, "freelist_count");
      }
    }
    return VacuumResult.done();
  }

  private static VacuumResult full(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate("VACUUM");
    }
    return VacuumResult.done();
  }

  /**
   * In WAL mode the file shrinks when a checkpoint has copied every page back; a passive one waits
   * for no reader or writer (and leaves the {@code -wal} file at its size for reuse).
   */
  private static void checkpoint(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet ignored = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
      // The counts it returns are not needed: page_count is what the report shows.
    }
  }

  private void pause() {
    if (pauseBetweenSteps.isZero()) {
      return;
    }
    try {
      Thread.sleep(pauseBetweenSteps.toMillis(), pauseBetweenSteps.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long pragma(Connection connection, String name) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("PRAGMA " + name)) {
      if (!result.next()) {
        throw new SQLException("PRAGMA " + name + " returned nothing");
      }
      return result.getLong(1);
    }
  }
}
