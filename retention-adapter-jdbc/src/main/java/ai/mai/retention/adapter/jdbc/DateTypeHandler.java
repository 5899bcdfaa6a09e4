package ai.mai.retention.adapter.jdbc;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

/**
 * Calendar dates of the audit tables, written as the {@link Dialect} keeps them (SQLite as {@code
 * 'YYYY-MM-DD'} text, PostgreSQL as a real {@code DATE}). Reading is lenient and the same for both,
 * because a legacy row may hold a date-time text or, written by another JDBC client, epoch
 * milliseconds.
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
    dialect.bindDate(statement, index, date);
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
