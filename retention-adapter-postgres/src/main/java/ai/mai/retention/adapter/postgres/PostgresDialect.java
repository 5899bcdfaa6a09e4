package ai.mai.retention.adapter.postgres;

import ai.mai.retention.adapter.jdbc.Dialect;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.port.out.SchemaProblemException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.List;

/** What PostgreSQL does its own way, for the shared JDBC code ({@link Dialect}). */
public final class PostgresDialect implements Dialect {

  public static final PostgresDialect INSTANCE = new PostgresDialect();

  /** The criteria fragments first: the other mappers include them. */
  static final List<String> MAPPERS =
      List.of(
          "ai/mai/retention/adapter/postgres/Criteria.xml",
          "ai/mai/retention/adapter/postgres/ExpiredRecordMapper.xml",
          "ai/mai/retention/adapter/postgres/CleanupLockMapper.xml");

  private PostgresDialect() {}

  @Override
  public String migrationLocation() {
    return "classpath:db/retention/postgresql";
  }

  @Override
  public List<String> mappers() {
    return MAPPERS;
  }

  /** A real {@code DATE}. */
  @Override
  public void bindDate(PreparedStatement statement, int index, LocalDate date) throws SQLException {
    statement.setObject(index, date, Types.DATE);
  }

  /**
   * The batches go by {@code ctid}, which is unique within one heap only: a parent with inheritance
   * children (old-style partitioning) shares the statement with tables whose rows the block ranges
   * do not cover.
   */
  @Override
  public void requireDeletableByAddress(
      Connection connection, String schema, TableName table, String relation) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT c.relhassubclass FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relname = ? AND n.nspname = coalesce(?, current_schema())")) {
      statement.setString(1, relation);
      statement.setString(2, schema);
      try (ResultSet result = statement.executeQuery()) {
        if (result.next() && result.getBoolean(1)) {
          throw new SchemaProblemException(
              table
                  + " has inheritance children (old-style partitioning); the PostgreSQL adapter"
                  + " supports plain tables only");
        }
      }
    }
  }

  @Override
  public String currentUserSql() {
    return "current_user";
  }

  @Override
  public String trueLiteral() {
    return "true";
  }

  @Override
  public String historyTableDdl(String table) {
    return """
        CREATE TABLE "{table}" (
            "installed_rank" INT NOT NULL,
            "version" VARCHAR(50),
            "description" VARCHAR(200) NOT NULL,
            "type" VARCHAR(20) NOT NULL,
            "script" VARCHAR(1000) NOT NULL,
            "checksum" INTEGER,
            "installed_by" VARCHAR(100) NOT NULL,
            "installed_on" TIMESTAMP NOT NULL DEFAULT now(),
            "execution_time" INTEGER NOT NULL,
            "success" BOOLEAN NOT NULL
        );
        ALTER TABLE "{table}" ADD CONSTRAINT "{table}_pk" PRIMARY KEY ("installed_rank");
        CREATE INDEX "{table}_s_idx" ON "{table}" ("success");
        """
        .replace("{table}", table);
  }

  @Override
  public String toString() {
    return "PostgreSQL";
  }
}
