package ai.mai.retention.embedded;

import java.util.Locale;
import java.util.Optional;

/**
 * The databases the library cleans; {@link Retention.Builder#build()} detects which one it has. The
 * project's one list of them: the adapters each bring their own strategy object, and nothing else
 * enumerates databases.
 */
public enum Database {
  /**
   * SQLite through sqlite-jdbc. A run holds two connections at once: the sweep's, and one for the
   * lock's renewal and the journal's progress between batches.
   */
  SQLITE("SQLite", "jdbc:sqlite:", 2),
  /**
   * PostgreSQL through pgjdbc. A run holds three connections at once: the run lock's (an advisory
   * lock lives as long as its session), the sweep's, and one for the journal.
   */
  POSTGRESQL("PostgreSQL", "jdbc:postgresql:", 3);

  private final String productName;
  private final String jdbcUrlPrefix;
  private final int connectionsPerRun;

  Database(String productName, String jdbcUrlPrefix, int connectionsPerRun) {
    this.productName = productName;
    this.jdbcUrlPrefix = jdbcUrlPrefix;
    this.connectionsPerRun = connectionsPerRun;
  }

  /**
   * How its JDBC URLs begin: {@code jdbc:sqlite:} or {@code jdbc:postgresql:}.
   *
   * @return the prefix, lower case
   */
  public String jdbcUrlPrefix() {
    return jdbcUrlPrefix;
  }

  /**
   * The database a JDBC URL names, by its prefix (case-insensitive).
   *
   * @param jdbcUrl a JDBC URL such as {@code jdbc:sqlite:/data/webui.db}
   * @return the database, empty when the URL is for another one (or is not a JDBC URL)
   */
  public static Optional<Database> fromJdbcUrl(String jdbcUrl) {
    if (jdbcUrl == null) {
      return Optional.empty();
    }
    String url = jdbcUrl.strip().toLowerCase(Locale.ROOT);
    for (Database database : values()) {
      if (url.startsWith(database.jdbcUrlPrefix)) {
        return Optional.of(database);
      }
    }
    return Optional.empty();
  }

  /**
   * How many connections a cleanup run takes from the pool at once, all of them before its first
   * delete: the smallest pool a run works with (the host's own use comes on top).
   *
   * @return the connections one run holds
   */
  public int connectionsPerRun() {
    return connectionsPerRun;
  }

  /**
   * The name JDBC's {@code DatabaseMetaData.getDatabaseProductName()} reports for it.
   *
   * @return the product name
   */
  public String productName() {
    return productName;
  }

  /**
   * The database a JDBC product name stands for.
   *
   * @param productName what the driver reports
   * @return the database, empty when it is not one the library supports
   */
  public static Optional<Database> fromProductName(String productName) {
    if (productName == null) {
      return Optional.empty();
    }
    String name = productName.trim().toLowerCase(Locale.ROOT);
    for (Database database : values()) {
      if (name.equals(database.productName.toLowerCase(Locale.ROOT))) {
        return Optional.of(database);
      }
    }
    return Optional.empty();
  }
}
