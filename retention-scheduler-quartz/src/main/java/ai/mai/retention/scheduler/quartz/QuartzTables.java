package ai.mai.retention.scheduler.quartz;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The clustered job store's tables ({@code retention_qrtz_*}, PostgreSQL only), created by the
 * scheduler's own migrations under {@code db/retention-quartz/postgresql} with their own history
 * table, so that they exist only where clustered scheduling is used. A database whose tables came
 * from the PostgreSQL adapter's former V4 (the same idempotent SQL) is adopted as it is.
 */
public final class QuartzTables {

  /** Flyway's history of the scheduler's migrations, apart from the library's and the host's. */
  public static final String HISTORY_TABLE = "retention_quartz_schema_history";

  static final String LOCATION = "classpath:db/retention-quartz/postgresql";

  private QuartzTables() {}

  /**
   * Creates or adopts the Quartz tables; idempotent.
   *
   * @param dataSource the host's pool on the PostgreSQL database the replicas share
   * @return migrations applied now (0 when up to date)
   * @throws IllegalStateException when a migration fails (for example for want of the CREATE
   *     privilege on a first start)
   */
  public static int migrate(DataSource dataSource) {
    // Flyway keeps its last configuration in a static field; it gets connections through a holder
    // emptied afterwards, so that nothing static keeps the host's pool alive.
    AtomicReference<DataSource> lent = new AtomicReference<>(dataSource);
    Flyway flyway =
        Flyway.configure(QuartzTables.class.getClassLoader())
            .dataSource(lentFor(lent))
            .table(HISTORY_TABLE)
            .locations(LOCATION)
            // The host's (and the library's) tables are there already: start the history at 0 so
            // that V1 still runs and adopts whatever Quartz tables exist.
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .baselineDescription("adopted by the mAI Retention scheduler")
            .placeholderReplacement(false)
            .load();
    try {
      return flyway.migrate().migrationsExecuted;
    } catch (FlywayException failure) {
      throw new IllegalStateException(
          "CLEANUP_CLUSTERED=true: could not create the Quartz tables ("
              + QuartzCleanupScheduler.TABLE_PREFIX
              + "*): "
              + String.valueOf(failure.getMessage())
                  .replaceAll("(?i)\\(?\\s*run flyway with -X option[^)\\n]*\\)?\\.?", "")
                  .strip()
              + ". The first clustered start needs a role that may create tables in the schema",
          failure);
    } finally {
      lent.set(null);
    }
  }

  /** Connections from the host's pool while {@code lent} holds it; nothing after. */
  private static DataSource lentFor(AtomicReference<DataSource> lent) {
    return (DataSource)
        Proxy.newProxyInstance(
            QuartzTables.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().startsWith("set")) {
                return null; // the host's pool is the host's to configure
              }
              DataSource current = lent.get();
              if (current == null) {
                throw new SQLException("lent for one migration, which is over");
              }
              try {
                return method.invoke(current, args);
              } catch (InvocationTargetException failure) {
                throw failure.getCause();
              }
            });
  }
}
