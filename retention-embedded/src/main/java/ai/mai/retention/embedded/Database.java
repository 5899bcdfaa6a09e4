package ai.mai.retention.embedded;

import java.util.Locale;
import java.util.Optional;

/** The databases the library cleans; {@link Retention.Builder#build()} detects which one it has. */
public enum Database {
  /**
   * SQLite through sqlite-jdbc. A run holds two connections at once: the sweep's, and one for the
   * lock's renewal and the journal's progress between batches.
   */
  SQLITE("SQLite", 2),
  /**
   * PostgreSQL through pgjdbc. A run holds three connections at once: the run lock's (an advisory
   * lock lives as long as its session), the sweep's, and one for the journal.
   */
  POSTGRESQL("PostgreSQL", 3);

  private final String productName;
  private final int connectionsPerRun;

  Database(String productName, int connectionsPerRun) {
    this.productName = productName;
    this.connectionsPerRun = connectionsPerRun;
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
