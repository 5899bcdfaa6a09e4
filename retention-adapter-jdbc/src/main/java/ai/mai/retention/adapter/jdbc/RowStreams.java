package ai.mai.retention.adapter.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.ibatis.executor.parameter.ParameterHandler;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.scripting.defaults.DefaultParameterHandler;
import org.apache.ibatis.session.SqlSession;

/**
 * Runs a statement of a mapper XML (its SQL and parameter binding stay MyBatis') and hands every
 * result row to a callback by column position. For the hot loops over up to millions of rows
 * (expired rows, {@code DELETE ... RETURNING}), where MyBatis' per-row result mapping costs several
 * times what SQLite spends on the row.
 */
public final class RowStreams {

  /** Reads one row; the result set is positioned on it and must not be advanced. */
  @FunctionalInterface
  public interface RowCallback {
    void accept(ResultSet row) throws SQLException;
  }

  private RowStreams() {}

  /**
   * Executes {@code statementId} with {@code parameter} on the session's connection, inside the
   * session's transaction (the caller commits), and returns the number of rows read.
   *
   * @param fetchSize rows per fetch, 0 for the driver's default
   * @throws org.apache.ibatis.exceptions.PersistenceException wrapping a database error
   */
  public static long forEachRow(
      SqlSession session, String statementId, Object parameter, int fetchSize, RowCallback rows) {
    MappedStatement statement = session.getConfiguration().getMappedStatement(statementId);
    BoundSql sql = statement.getBoundSql(parameter);
    Connection connection = session.getConnection();
    try (PreparedStatement prepared = connection.prepareStatement(sql.getSql())) {
      ParameterHandler binder = new DefaultParameterHandler(statement, parameter, sql);
      binder.setParameters(prepared);
      if (fetchSize > 0) {
        prepared.setFetchSize(fetchSize);
      }
      long count = 0;
      try (ResultSet result = prepared.executeQuery()) {
        while (result.next()) {
          rows.accept(result);
          count++;
        }
      }
      return count;
    } catch (SQLException e) {
      throw new org.apache.ibatis.exceptions.PersistenceException(
          "error executing " + statementId + ": " + e.getMessage(), e);
    }
  }
}
