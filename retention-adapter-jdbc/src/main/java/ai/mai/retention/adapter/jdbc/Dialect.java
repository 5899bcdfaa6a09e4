package ai.mai.retention.adapter.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

/**
 * What one database does differently from the other, as one object per database ({@code
 * SqliteDialect}, {@code PostgresDialect}) that the adapter hands to the shared code: the shared
 * module asks it and never switches on which database it has. Its twin for transactions is {@link
 * DialectTransactions}; which database a host has is the front door's {@code Database}.
 *
 * <p>The dialect's SQL fragments of the one criteria predicate ({@code
 * ai.mai.retention.adapter.jdbc.Criteria.policyJoin}, {@code expiredPredicate}, {@code
 * heldOrganizations}, over a {@link CriteriaParameters}) live in the dialect's module, in the
 * mapper file {@link #mappers()} lists first.
 */
public interface Dialect {

  /** Flyway location of this database's migrations, e.g. {@code classpath:db/retention/sqlite}. */
  String migrationLocation();

  /**
   * Class-path resources of the adapter's mapper XML files, its criteria fragments first; loaded
   * after the shared mappers by {@link RetentionSessions}.
   */
  List<String> mappers();

  /** Writes a calendar date of the audit tables as this database keeps them. */
  void bindDate(PreparedStatement statement, int index, LocalDate date) throws SQLException;

  /**
   * Refuses (with a {@link ai.mai.retention.core.port.out.SchemaProblemException} naming {@code
   * table}) a target table whose rows the adapter's batches cannot address: the one catalog
   * question the delete statements rely on beyond the columns {@link TargetTableCheck} reads.
   *
   * @param schema the connection's current schema, null when the driver has none
   * @param relation the table's name as the catalog spells it
   */
  void requireDeletableByAddress(
      Connection connection, String schema, TableName table, String relation) throws SQLException;

  /** The SQL expression of the session's user, as Flyway records who migrated. */
  String currentUserSql();

  /** The SQL literal of {@code true} in a boolean column. */
  String trueLiteral();

  /** The DDL of Flyway's history table {@code table} as Flyway creates it on this database. */
  String historyTableDdl(String table);
}
