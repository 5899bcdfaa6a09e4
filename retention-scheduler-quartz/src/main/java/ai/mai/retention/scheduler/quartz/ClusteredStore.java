package ai.mai.retention.scheduler.quartz;

import ai.mai.retention.embedded.Database;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clustered job store's hold on the host's pool: checked to be PostgreSQL, its tables created
 * or adopted, and lent to Quartz under a name of its own in Quartz's JVM-wide {@code
 * DBConnectionManager} until {@link #release()}.
 */
final class ClusteredStore {

  private static final Logger log = LoggerFactory.getLogger(ClusteredStore.class);

  private final String name;
  private final HostConnectionProvider provider;

  private ClusteredStore(String name, HostConnectionProvider provider) {
    this.name = name;
    this.provider = provider;
  }

  /**
   * @throws IllegalArgumentException no data source, or one that is not PostgreSQL
   * @throws IllegalStateException the database is unreachable or its Quartz tables unusable
   */
  static ClusteredStore open(DataSource dataSource) {
    requirePostgres(dataSource);
    QuartzTables.migrate(dataSource);
    probeTables(dataSource);
    ClusteredStore store =
        new ClusteredStore(
            QuartzCleanupScheduler.SCHEDULER_NAME + "-" + UUID.randomUUID(),
            new HostConnectionProvider(dataSource));
    // Quartz looks data sources up by name in a JVM-wide registry; the name is ours alone.
    DBConnectionManager.getInstance().addConnectionProvider(store.name, store.provider);
    return store;
  }

  /** The store's name in Quartz's {@code DBConnectionManager}. */
  String name() {
    return name;
  }

  /**
   * Lets go of the host's pool: the provider drops its reference (Quartz's own shutdown does that
   * too, unless it timed out), and its registry entry goes. The registry has no remove method; its
   * map is emptied by reflection, and where that is not allowed the entry stays behind empty.
   */
  void release() {
    provider.shutdown();
    try {
      Field providers = DBConnectionManager.class.getDeclaredField("providers");
      providers.setAccessible(true);
      Map<?, ?> registry = (Map<?, ?>) providers.get(DBConnectionManager.getInstance());
      synchronized (DBConnectionManager.getInstance()) {
        registry.remove(name);
      }
    } catch (ReflectiveOperationException | RuntimeException notAllowed) {
      log.debug("Could not remove the connection provider from Quartz's registry", notAllowed);
    }
  }

  private static void requirePostgres(DataSource dataSource) {
    if (dataSource == null) {
      throw new IllegalArgumentException(
          "CLEANUP_CLUSTERED=true needs a PostgreSQL database, where the replicas share the"
              + " schedule in the "
              + QuartzCleanupScheduler.TABLE_PREFIX
              + "* tables; no database connection was given to the scheduler");
    }
    String product;
    try (Connection connection = dataSource.getConnection()) {
      product = connection.getMetaData().getDatabaseProductName();
    } catch (SQLException unreachable) {
      throw new IllegalStateException(
          "CLEANUP_CLUSTERED=true: could not reach the database to check it: "
              + unreachable.getMessage(),
          unreachable);
    }
    if (Database.fromProductName(product).orElse(null) != Database.POSTGRESQL) {
      throw onlyOnPostgres(product);
    }
  }

  /** The refusal of a clustered schedule on another database, the same wherever it is found. */
  static IllegalArgumentException onlyOnPostgres(String database) {
    return new IllegalArgumentException(
        "CLEANUP_CLUSTERED=true works only on PostgreSQL, but the database is "
            + database
            + "; run a single replica without CLEANUP_CLUSTERED (the catch-up run covers"
            + " downtime), or use PostgreSQL");
  }

  private static void probeTables(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection();
        Statement probe = connection.createStatement()) {
      probe.execute(
          "SELECT 1 FROM " + QuartzCleanupScheduler.TABLE_PREFIX + "triggers WHERE 1 = 0");
    } catch (SQLException missing) {
      throw new IllegalStateException(
          "CLEANUP_CLUSTERED=true: the Quartz tables ("
              + QuartzCleanupScheduler.TABLE_PREFIX
              + "*) are not usable: "
              + missing.getMessage(),
          missing);
    }
  }
}
