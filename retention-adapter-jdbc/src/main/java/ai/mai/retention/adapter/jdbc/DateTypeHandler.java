package ai.mai.retention.adapter.jdbc;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

/**
 * Calendar dates of the audit tables. SQLite keeps them as {@code 'YYYY-MM-DD'} text (what the
 * Python service wrote and what the operators' {@code date('now','-7 days')} queries compare
 * against); PostgreSQL has a real {@code DATE}. Reading is lenient, because a legacy row may hold a
 * date-time text or, written by another JDBC client, epoch milliseconds.
 */
final class DateTypeHandler extends BaseTypeHandler<LocalDate> {

  private final Dialect dialect;

  DateTypeHandler(Dialect dialect) {
    this.dialect = dialect;
  }

  @Override
  public void setNonNullParameter(
      PreparedStatement statement, int index, LocalDate date, JdbcType jdbcType)
      throws SQLException {
    if (dialect == Dialect.SQLITE) {
      statement.setString(index, date.toString());
    } else {
      statement.setObject(index, date, Types.DATE);
    }
  }

  @Override
  public LocalDate getNullableResult(ResultSet rs, String column) throws SQLException {
    return toDate(rs.getObject(column));
  }

  @Override
  public LocalDate getNullableResult(ResultSet rs, int index) throws SQLException {
    return toDate(rs.getObject(index));
  }

  @Override
  public LocalDate getNullableResult(CallableStatement cs, int index) throws SQLException {
    return toDate(cs.getObject(index));
  }

  static LocalDate toDate(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof LocalDate date) {
      return date;
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (value instanceof java.sql.Timestamp timestamp) {
      return LocalDate.ofInstant(timestamp.toInstant(), ZoneOffset.UTC);
    }
    if (value instanceof Number millis) {
      return LocalDate.ofInstant(Instant.ofEpochMilli(millis.longValue()), ZoneOffset.UTC);
    }
    String text = value.toString().trim();
    if (text.isEmpty()) {
      return null;
    }
    // 'YYYY-MM-DD', or the date part of 'YYYY-MM-DD HH:MM:SS' / ISO date-times.
    return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
  }
}
