package ai.mai.retention.adapter.sqlite.violation;

/** Deliberately breaks "adapters never depend on each other" for the rule tests. */
public class SqliteClassUsingPostgres {
  public Class<?> driver() {
    return org.postgresql.Driver.class;
  }
}
