package ai.mai.retention.adapter.jdbc;

/**
 * A database the adapters support. Its id selects the {@code databaseId} variants of a shared
 * mapper statement and names the folder of its migrations.
 */
public enum Dialect {
  SQLITE("sqlite"),
  POSTGRESQL("postgresql");

  private final String databaseId;

  Dialect(String databaseId) {
    this.databaseId = databaseId;
  }

  /** MyBatis {@code databaseId} of statements written for this database only. */
  public String databaseId() {
    return databaseId;
  }

  /** Flyway location of this database's migrations. */
  public String migrationLocation() {
    return "classpath:db/retention/" + databaseId;
  }
}
