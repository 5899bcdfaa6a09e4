package ai.mai.retention.scheduler.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.embedded.Retention;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.utils.DBConnectionManager;

/**
 * A host starts the nightly schedule for its {@link Retention} and closes it when it stops: after
 * {@code close()} no thread of the scheduler is left, and nothing in the JVM holds the host's pool
 * (Quartz's JVM-wide DBConnectionManager kept it before).
 */
class SchedulerCloseTest {

  private static EmbeddedPostgres postgres;

  @TempDir Path directory;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  /** Threads alive before each test. */
  private static Set<Thread> threadsBefore = Set.of();

  @org.junit.jupiter.api.BeforeEach
  void noteTheThreadsAlreadyAlive() {
    threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
  }

  @Test
  void aClosedClusteredSchedulerLeavesNoThreadAndForgetsTheHostsPool() throws Exception {
    try (Connection admin = postgres.getPostgresDatabase().getConnection();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE closing");
    }
    String[] providerName = new String[1];

    WeakReference<DataSource> pool =
        startAndClose(
            postgres.getJdbcUrl("postgres", "closing"),
            ScheduleSettings.defaults().withCatchUp(false).withClustered(true, "host-1"),
            providerName);

    assertThat(providerName[0]).isNotNull();
    assertThat(registeredProviders()).doesNotContainKey(providerName[0]);
    assertThat(schedulerThreads()).isEmpty();
    assertThat(collected(pool)).as("the host's pool was garbage-collected").isTrue();
  }

  @Test
  void aClosedSchedulerOnSqliteLeavesNoThreadEither() throws Exception {
    Path file = directory.resolve("webui.db");
    Files.createFile(file);

    WeakReference<DataSource> pool =
        startAndClose(
            "jdbc:sqlite:" + file, ScheduleSettings.defaults().withCatchUp(false), new String[1]);

    assertThat(schedulerThreads()).isEmpty();
    assertThat(collected(pool)).isTrue();
  }

  /** The host's life: its pool, the front door, the schedule started, running, then closed. */
  private static WeakReference<DataSource> startAndClose(
      String jdbcUrl, ScheduleSettings settings, String[] providerName) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(4);
    HikariDataSource pool = new HikariDataSource(config);
    Retention retention = Retention.builder(pool).build();
    QuartzCleanupScheduler scheduler = QuartzCleanupScheduler.create(retention, settings);
    scheduler.start();
    providerName[0] = scheduler.connectionProviderName();
    assertThat(schedulerThreads()).as("the started scheduler's threads").isNotEmpty();
    if (providerName[0] != null) {
      assertThat(registeredProviders()).containsKey(providerName[0]);
    }

    scheduler.close();
    pool.close();
    return new WeakReference<>(pool);
  }

  /**
   * Quartz's scheduler, worker, cluster and misfire threads, and the scheduler's own closer, that
   * this test started: a worker another test class left to finish on purpose is not this test's.
   */
  private static List<String> schedulerThreads() {
    Set<Thread> threads = Thread.getAllStackTraces().keySet();
    return threads.stream()
        .filter(Thread::isAlive)
        .filter(thread -> !threadsBefore.contains(thread))
        .map(Thread::getName)
        .filter(
            name ->
                name.contains("retention")
                    || name.contains(QuartzCleanupScheduler.SCHEDULER_NAME)
                    || name.startsWith("QuartzScheduler"))
        .toList();
  }

  private static Map<String, ?> registeredProviders() throws ReflectiveOperationException {
    Field providers = DBConnectionManager.class.getDeclaredField("providers");
    providers.setAccessible(true);
    @SuppressWarnings("unchecked")
    Map<String, ?> registry = (Map<String, ?>) providers.get(DBConnectionManager.getInstance());
    return registry;
  }

  private static boolean collected(WeakReference<?> reference) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (reference.get() != null && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(50);
    }
    return reference.get() == null;
  }
}
