package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.adapter.jdbc.Dialect;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.port.out.SchemaProblemException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

/** What SQLite does its own way, for the shared JDBC code ({@link Dialect}). */
public final class SqliteDialect implements Dialect {

  public static final SqliteDialect INSTANCE = new SqliteDialect();

  /** The criteria fragments first: the other mappers include them. */
  static final List<String> MAPPERS =
      List.of(
          "ai/mai/retention/adapter/sqlite/Criteria.xml",
          "ai/mai/retention/adapter/sqlite/ExpiredRecordMapper.xml",
          "ai/mai/retention/adapter/sqlite/CleanupLockMapper.xml");

  private SqliteDialect() {}

  @Override
  public String migrationLocation() {
    return "classpath:db/retention/sqlite";
  }

  @Override
  public List<String> mappers() {
    return MAPPERS;
  }

  /**
   * {@code 'YYYY-MM-DD'} text: what the Python service wrote and what the operators' {@code
   * date('now','-7 days')} queries compare against.
   */
  @Override
  public void bindDate(PreparedStatement statement, int index, LocalDate date) throws SQLException {
    statement.setString(index, date.toString());
  }

  /**
   * The batches delete by {@code rowid}, which a {@code WITHOUT ROWID} table lacks. {@code
   * pragma_table_list} came with SQLite 3.37; a host that embeds the library with an older
   * sqlite-jdbc cannot be asked, and a WITHOUT ROWID table then fails at its first batch instead.
   */
  @Override
  public void requireDeletableByAddress(
      Connection connection, String schema, TableName table, String relation) throws SQLException {
    PreparedStatement statement;
    try {
      statement =
          connection.prepareStatement(
              "SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?");
    } catch (SQLException tooOld) {
      return;
    }
    try (statement) {
      statement.setString(1, relation);
      try (ResultSet result = statement.executeQuery()) {
        if (result.next() && result.getBoolean(1)) {
          throw new SchemaProblemException(
              table
                  + " is a WITHOUT ROWID table; the SQLite adapter deletes by rowid and supports"
                  + " rowid tables only");
        }
      }
    }
  }

  @Override
  public String currentUserSql() {
    return "''";
  }

  @Override
  public String trueLiteral() {
    return "1";
  }

  @Override
  public String historyTableDdl(String table) {
    return """
        CREATE TABLE "{table}" (
            "installed_rank" INT NOT NULL PRIMARY KEY,
            "version" VARCHAR(50),
            "description" VARCHAR(200) NOT NULL,
            "type" VARCHAR(20) NOT NULL,
            "script" VARCHAR(1000) NOT NULL,
            "checksum" INTEGER,
            "installed_by" VARCHAR(100) NOT NULL,
            "installed_on" TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')),
            "execution_time" INTEGER NOT NULL,
            "success" BOOLEAN NOT NULL
        );
        CREATE INDEX "{table}_s_idx" ON "{table}" ("success");
        """
        .replace("{table}", table);
  }

  @Override
  public String toString() {
    return "SQLite";
  }
}
