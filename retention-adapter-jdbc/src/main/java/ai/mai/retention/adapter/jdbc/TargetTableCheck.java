package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.port.out.SchemaProblemException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Checks, through {@link DatabaseMetaData} (so the same code serves every database), that the
 * target table exists as a plain table with the columns the library reads; then asks the {@link
 * Dialect} its one catalog question about what its delete statements rely on. It never creates or
 * changes anything: the table belongs to mAI.
 */
public final class TargetTableCheck {

  private TargetTableCheck() {}

  /**
   * @throws SchemaProblemException naming the missing table, or the missing or mistyped column
   */
  public static void verify(DataSource dataSource, Dialect dialect, TableName table) {
    try (Connection connection = dataSource.getConnection()) {
      verify(connection, dialect, table);
    } catch (SQLException e) {
      throw new SchemaProblemException(
          "cannot read the structure of table " + table + ": " + e.getMessage(), e);
    }
  }

  static void verify(Connection connection, Dialect dialect, TableName table) throws SQLException {
    DatabaseMetaData metaData = connection.getMetaData();
    String schema = currentSchema(connection);
    Relation found =
        findTable(metaData, connection.getCatalog(), schema, table)
            .orElseThrow(
                () ->
                    new SchemaProblemException(
                        "table "
                            + table
                            + " does not exist in this database"
                            + (schema == null ? "" : " (schema " + schema + ")")
                            + "; it belongs to mAI and is never created here: check the database"
                            + " URL and the table name"));
    if (!found.type().equals("TABLE")) {
      throw new SchemaProblemException(
          table
              + " is a "
              + found.type().toLowerCase(Locale.ROOT)
              + ", not a plain table; the cleanup deletes rows by their physical address and"
              + " supports plain tables only");
    }
    dialect.requireDeletableByAddress(connection, schema, table, found.name());
    Map<String, Column> columns = columns(metaData, connection.getCatalog(), schema, found.name());
    require(table, columns, "id", null, null);
    require(table, columns, "client_org_id", null, null);
    require(
        table,
        columns,
        "processed_at",
        TargetTableCheck::isInteger,
        "an integer type (epoch seconds)");
    require(
        table,
        columns,
        "total_cost",
        TargetTableCheck::isNumber,
        "a numeric or floating-point type");
    require(table, columns, "total_tokens", TargetTableCheck::isInteger, "an integer type");
  }

  /**
   * The column names of a table in the connection's current schema, case-insensitive; empty when
   * there is no such table. For the journal's reads, which must work before the first migration.
   */
  static Optional<java.util.Set<String>> columnNames(Connection connection, TableName table)
      throws SQLException {
    DatabaseMetaData metaData = connection.getMetaData();
    String schema = currentSchema(connection);
    Optional<Relation> found = findTable(metaData, connection.getCatalog(), schema, table);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    java.util.Set<String> names = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    names.addAll(columns(metaData, connection.getCatalog(), schema, found.get().name()).keySet());
    return Optional.of(names);
  }

  /**
   * A table's columns in their declared order, as the catalog spells them; empty when there is no
   * such table in the connection's current schema.
   */
  static java.util.List<String> orderedColumnNames(Connection connection, TableName table)
      throws SQLException {
    DatabaseMetaData metaData = connection.getMetaData();
    String schema = currentSchema(connection);
    Optional<Relation> found = findTable(metaData, connection.getCatalog(), schema, table);
    if (found.isEmpty()) {
      return java.util.List.of();
    }
    String name = found.get().name();
    Map<Integer, String> ordered = new TreeMap<>();
    try (ResultSet rs =
        metaData.getColumns(connection.getCatalog(), schema, escape(metaData, name), "%")) {
      while (rs.next()) {
        if (name.equals(rs.getString("TABLE_NAME"))) {
          ordered.put(rs.getInt("ORDINAL_POSITION"), rs.getString("COLUMN_NAME"));
        }
      }
    }
    return new java.util.ArrayList<>(ordered.values());
  }

  private record Column(String name, int dataType, String typeName) {}

  /** A relation of that name, and what {@link DatabaseMetaData#getTables} calls its type. */
  private record Relation(String name, String type) {}

  private static void require(
      TableName table,
      Map<String, Column> columns,
      String name,
      java.util.function.Predicate<Column> typeCheck,
      String expected) {
    Column column = columns.get(name);
    if (column == null) {
      throw new SchemaProblemException(
          "table " + table + " has no column " + name + "; it is not mAI's processed_generations");
    }
    if (typeCheck != null && !typeCheck.test(column)) {
      throw new SchemaProblemException(
          "column "
              + table
              + "."
              + name
              + " has type "
              + column.typeName()
              + "; expected "
              + expected);
    }
  }

  private static boolean isInteger(Column column) {
    String type = upper(column.typeName());
    return switch (column.dataType()) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> true;
      // SQLite's affinity rule: any declared type containing INT is an integer.
      default -> type.contains("INT") || type.equals("SERIAL") || type.equals("BIGSERIAL");
    };
  }

  private static boolean isNumber(Column column) {
    if (isInteger(column)) {
      return true;
    }
    String type = upper(column.typeName());
    return switch (column.dataType()) {
      case Types.FLOAT, Types.REAL, Types.DOUBLE, Types.NUMERIC, Types.DECIMAL -> true;
      default ->
          type.contains("REAL")
              || type.contains("FLOA")
              || type.contains("DOUB")
              || type.contains("NUMERIC")
              || type.contains("DECIMAL");
    };
  }

  private static String upper(String text) {
    return text == null ? "" : text.toUpperCase(Locale.ROOT);
  }

  private static String currentSchema(Connection connection) {
    try {
      return connection.getSchema();
    } catch (SQLException | AbstractMethodError unsupported) {
      return null;
    }
  }

  /** Any type of relation: a view or a partitioned table is named as such, not as missing. */
  private static Optional<Relation> findTable(
      DatabaseMetaData metaData, String catalog, String schema, TableName table)
      throws SQLException {
    Relation exact = null;
    Relation anyCase = null;
    // The name is a pattern ('_' is a wildcard), so compare what comes back.
    try (ResultSet tables =
        metaData.getTables(catalog, schema, escape(metaData, table.value()), null)) {
      while (tables.next()) {
        String name = tables.getString("TABLE_NAME");
        String type = String.valueOf(tables.getString("TABLE_TYPE")).toUpperCase(Locale.ROOT);
        if (type.contains("INDEX") || type.contains("SEQUENCE") || type.contains("TYPE")) {
          continue;
        }
        Relation relation = new Relation(name, type);
        if (table.value().equals(name)) {
          exact = relation;
        } else if (table.value().equalsIgnoreCase(name) && anyCase == null) {
          anyCase = relation;
        }
      }
    }
    if (exact == null && anyCase == null && !table.value().equals(lower(table))) {
      // PostgreSQL folds the unquoted name the SQL uses to lower case.
      return findTable(metaData, catalog, schema, new TableName(lower(table)));
    }
    return Optional.ofNullable(exact != null ? exact : anyCase);
  }

  private static String lower(TableName table) {
    return table.value().toLowerCase(Locale.ROOT);
  }

  private static Map<String, Column> columns(
      DatabaseMetaData metaData, String catalog, String schema, String table) throws SQLException {
    Map<String, Column> columns = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    try (ResultSet rs = metaData.getColumns(catalog, schema, escape(metaData, table), "%")) {
      while (rs.next()) {
        if (!table.equals(rs.getString("TABLE_NAME"))) {
          continue;
        }
        String name = rs.getString("COLUMN_NAME");
        columns.put(name, new Column(name, rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME")));
      }
    }
    return columns;
  }

  private static String escape(DatabaseMetaData metaData, String name) throws SQLException {
    String escape = metaData.getSearchStringEscape();
    if (escape == null || escape.isEmpty()) {
      return name;
    }
    return name.replace(escape, escape + escape)
        .replace("_", escape + "_")
        .replace("%", escape + "%");
  }
}
