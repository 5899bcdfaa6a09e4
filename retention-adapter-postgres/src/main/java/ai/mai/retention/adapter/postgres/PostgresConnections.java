package ai.mai.retention.adapter.postgres;

import ai.mai.retention.adapter.jdbc.FlywaySchemaMigrator;
import ai.mai.retention.adapter.jdbc.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * What the library asks of a PostgreSQL connection it borrowed from a host's pool: whether the host
 * left a transaction open on it, and whether the session's role holds the grants an operation
 * needs.
 */
public final class PostgresConnections {

  /** The audit table; its name is the Python service's and fixed. */
  public static final String CLEANUP_LOG = "processed_generation_cleanup_log";

  /** The in-flight markers of running runs (migration V3). */
  public static final String RUN_MARKER = "retention_run";

  /** What an operation does in the database, and so which grants it needs. */
  public enum Use {
    /** A real run: reads and deletes the target table, writes the journal. */
    CLEANUP,
    /** A dry run: reads the target table only. */
    PREVIEW,
    /** History and health: read the journal only. */
    READ_JOURNAL
  }

  /** One privilege on one table or sequence, as a {@code GRANT} names it. */
  public record Grant(String privilege, String kind, String object) {

    /** The statement that gives it to {@code role}. */
    public String toSql(String role) {
      return "GRANT " + privilege + " ON " + kind + " " + object + " TO " + role;
    }

    @Override
    public String toString() {
      return privilege + " on " + kind.toLowerCase(java.util.Locale.ROOT) + " " + object;
    }
  }

  private PostgresConnections() {}

  /**
   * True when the connection is inside a transaction: a statement ran since the last commit or
   * rollback (also with autocommit on, after an explicit {@code BEGIN}). False when the driver is
   * not pgjdbc or hides behind a wrapper that cannot be unwrapped.
   */
  public static boolean transactionOpen(Connection connection) throws SQLException {
    if (!connection.isWrapperFor(BaseConnection.class)) {
      return false;
    }
    TransactionState state = connection.unwrap(BaseConnection.class).getTransactionState();
    return state != TransactionState.IDLE;
  }

  /**
   * Every grant {@code use} needs, for a target table {@code table}: the list the README shows to
   * DBAs. The audit table's id sequence is named as PostgreSQL names a {@code SERIAL}'s.
   */
  public static List<Grant> requiredGrants(TableName table, Use use) {
    List<Grant> grants = new ArrayList<>();
    String history = FlywaySchemaMigrator.HISTORY_TABLE;
    switch (use) {
      case CLEANUP -> {
        grants.add(new Grant("SELECT", "TABLE", table.value()));
        grants.add(new Grant("DELETE", "TABLE", table.value()));
        grants.add(new Grant("SELECT", "TABLE", CLEANUP_LOG));
        grants.add(new Grant("INSERT", "TABLE", CLEANUP_LOG));
        grants.add(new Grant("UPDATE", "TABLE", CLEANUP_LOG));
        grants.add(new Grant("USAGE", "SEQUENCE", CLEANUP_LOG + "_id_seq"));
        grants.add(new Grant("SELECT", "TABLE", RUN_MARKER));
        grants.add(new Grant("INSERT", "TABLE", RUN_MARKER));
        grants.add(new Grant("UPDATE", "TABLE", RUN_MARKER));
        grants.add(new Grant("DELETE", "TABLE", RUN_MARKER));
        grants.add(new Grant("SELECT", "TABLE", history));
      }
      case PREVIEW -> grants.add(new Grant("SELECT", "TABLE", table.value()));
      case READ_JOURNAL -> {
        grants.add(new Grant("SELECT", "TABLE", CLEANUP_LOG));
        grants.add(new Grant("SELECT", "TABLE", history));
      }
    }
    return grants;
  }

  /**
   * Every grant any use needs, as {@code GRANT} statements for {@code role}, one per table or
   * sequence (privileges in the order the uses need them): what the README lists for DBAs.
   */
  public static List<String> grantStatements(TableName table, String role) {
    java.util.Map<String, java.util.LinkedHashSet<String>> privileges =
        new java.util.LinkedHashMap<>();
    for (Use use : Use.values()) {
      for (Grant grant : requiredGrants(table, use)) {
        privileges
            .computeIfAbsent(
                grant.kind() + " " + grant.object(), key -> new java.util.LinkedHashSet<>())
            .add(grant.privilege());
      }
    }
    List<String> statements = new ArrayList<>();
    privileges.forEach(
        (object, granted) ->
            statements.add(
                "GRANT " + String.join(", ", granted) + " ON " + object + " TO " + role));
    return statements;
  }

  /**
   * The grants {@code use} needs that the session's role lacks. A table or sequence that does not
   * exist is not reported here (the schema checks name it); the audit table's id sequence is found
   * under whatever name the table's id column uses.
   */
  public static List<Grant> missingGrants(Connection connection, TableName table, Use use)
      throws SQLException {
    List<Grant> missing = new ArrayList<>();
    for (Grant grant : requiredGrants(table, use)) {
      if (!holds(connection, grant)) {
        missing.add(grant);
      }
    }
    return missing;
  }

  private static boolean holds(Connection connection, Grant grant) throws SQLException {
    String sql =
        grant.kind().equals("SEQUENCE")
            // Whatever the sequence is called: the one behind the audit table's id column.
            ? "SELECT has_sequence_privilege(s, ?) FROM (SELECT CASE WHEN to_regclass(?) IS NULL"
                + " THEN NULL ELSE pg_get_serial_sequence(?, 'id') END AS s) q WHERE s IS NOT NULL"
            : "SELECT has_table_privilege(r, ?) FROM (SELECT to_regclass(?) AS r) q"
                + " WHERE r IS NOT NULL";
    String object = grant.kind().equals("SEQUENCE") ? CLEANUP_LOG : grant.object();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, grant.privilege());
      statement.setString(2, object);
      if (grant.kind().equals("SEQUENCE")) {
        statement.setString(3, object);
      }
      try (ResultSet result = statement.executeQuery()) {
        return !result.next() || result.getBoolean(1);
      }
    }
  }
}
