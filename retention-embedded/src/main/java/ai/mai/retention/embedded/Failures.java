package ai.mai.retention.embedded;

import ai.mai.retention.core.domain.InvalidPolicyException;
import ai.mai.retention.core.port.out.DatabaseBusyException;
import ai.mai.retention.core.port.out.SchemaProblemException;
import ai.mai.retention.core.service.FailureMessages;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

/**
 * Turns whatever an adapter, MyBatis, Flyway or a driver threw into the library's own exceptions,
 * with a message that says what to do.
 */
final class Failures {

  /** SQLSTATE insufficient_privilege (PostgreSQL). */
  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  /** SQLSTATE undefined_table (PostgreSQL). */
  private static final String UNDEFINED_TABLE = "42P01";

  static final String MIGRATE_ADVICE =
      "call Retention.migrate() once (as a role that may create tables), or have a DBA apply"
          + " Retention.migrationScript(); nothing was deleted";

  private Failures() {}

  /**
   * @param doing what was being done, e.g. "reading the cleanup history"
   */
  static RetentionException translate(Throwable failure, String doing) {
    for (Throwable cause = failure; cause != null; cause = next(cause)) {
      if (cause instanceof RetentionException own) {
        return own;
      }
    }
    for (Throwable cause = failure; cause != null; cause = next(cause)) {
      if (cause instanceof DatabaseBusyException busy) {
        // Its message says how long it waited and which setting bounds the wait.
        return new DatabaseUnavailableException(doing + ": " + busy.getMessage(), failure);
      }
    }
    for (Throwable cause = failure; cause != null; cause = next(cause)) {
      if (cause instanceof SchemaProblemException schema) {
        return new RetentionSchemaException(doing + ": " + schema.getMessage(), failure);
      }
      if (cause instanceof InvalidPolicyException policy) {
        return new RetentionConfigurationException(policy.getMessage(), failure);
      }
    }
    SQLException sql = firstSqlException(failure);
    if (sql != null) {
      String state = String.valueOf(sql.getSQLState());
      String message = String.valueOf(sql.getMessage());
      String lower = message.toLowerCase(Locale.ROOT);
      if (INSUFFICIENT_PRIVILEGE.equals(state) || lower.contains("permission denied")) {
        return new RetentionSchemaException(
            doing
                + " was refused by the database: "
                + clean(message)
                + ". Grant the library's role what the README's \"Least privilege\" section lists",
            failure);
      }
      if (UNDEFINED_TABLE.equals(state) || lower.contains("no such table")) {
        return new SchemaNotMigratedException(
            doing + " found a table missing (" + clean(message) + "): " + MIGRATE_ADVICE, failure);
      }
      if (state.startsWith("08")
          || sql instanceof SQLTransientConnectionException
          || sql instanceof SQLNonTransientConnectionException) {
        return new DatabaseUnavailableException(
            doing + " could not reach the database: " + clean(message), failure);
      }
      return new DatabaseUnavailableException(
          doing + " failed in the database: " + clean(message), failure);
    }
    return new RetentionException(doing + " failed: " + FailureMessages.describe(failure), failure);
  }

  private static SQLException firstSqlException(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = next(cause)) {
      if (cause instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }

  private static Throwable next(Throwable cause) {
    return cause.getCause() == cause ? null : cause.getCause();
  }

  private static String clean(String message) {
    return FailureMessages.sanitize(message);
  }
}
