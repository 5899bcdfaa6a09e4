package ai.mai.retention.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.embedded.Retention;
import ai.mai.retention.scheduler.quartz.QuartzCleanupScheduler;
import ai.mai.retention.scheduler.quartz.ScheduleSettings;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The front door and the nightly schedule on the versions a Spring Boot 3.5 host brings. Prints
 * them, so the README's table of tried versions can be checked against a build's output.
 */
class SpringBootManagedVersionsTest {

  @TempDir Path directory;

  @BeforeAll
  static void printTheVersionsInUse() {
    for (Class<?> type :
        new Class<?>[] {
          org.flywaydb.core.Flyway.class,
          HikariDataSource.class,
          org.quartz.Scheduler.class,
          org.sqlite.JDBC.class,
          org.postgresql.Driver.class,
          org.apache.ibatis.session.SqlSession.class,
          org.slf4j.Logger.class,
          org.springframework.jdbc.core.JdbcTemplate.class
        }) {
      System.out.println(
          "host library in use: "
              + type.getPackage().getName()
              + " "
              + type.getPackage().getImplementationVersion()
              + " ("
              + type.getProtectionDomain()
                  .getCodeSource()
                  .getLocation()
                  .getPath()
                  .replaceAll(".*/", "")
              + ")");
    }
  }

  @Test
  void onSqlite() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:sqlite:" + directory.resolve("webui.db"));
    config.setMaximumPoolSize(4);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      runTheHost(pool, true);
    }
  }

  @Test
  void onPostgres() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
      config.setMaximumPoolSize(4);
      try (HikariDataSource pool = new HikariDataSource(config)) {
        runTheHost(pool, false);
      }
    }
  }

  private static void runTheHost(HikariDataSource pool, boolean sqlite) throws Exception {
    seed(pool, sqlite);
    // A Boot host's DataSource is usually transaction-aware.
    DataSource hosts = new TransactionAwareDataSourceProxy(pool);
    Retention retention =
        Retention.builder(hosts)
            .retentionDays(90)
            .tenantRetention(Map.of("org-a", 180))
            .legalHolds(Set.of("org-c"))
            .build();

    assertThat(retention.migrate()).isPositive();
    assertThat(retention.preview().recordsDeleted()).isEqualTo(3);
    CleanupReport report = retention.runNow();
    assertThat(report.success()).as(String.valueOf(report.error())).isTrue();
    assertThat(report.recordsDeleted()).isEqualTo(3);
    assertThat(retention.history(5)).hasSize(1);
    assertThat(retention.health(Duration.ofHours(26)).healthy()).isTrue();
    new TransactionTemplate(new DataSourceTransactionManager(hosts))
        .executeWithoutResult(
            status ->
                assertThat(org.assertj.core.api.Assertions.catchThrowable(retention::runNow))
                    .hasMessageContaining("transaction the host began"));

    QuartzCleanupScheduler nightly =
        QuartzCleanupScheduler.create(retention, ScheduleSettings.defaults());
    nightly.start();
    assertThat(nightly.nextFireTime()).isPresent();
    nightly.close();
    assertThat(nightly.isShutdown()).isTrue();
  }

  /**
   * org-a: 2 rows 200 days old (expired), org-b: 1 row 100 days old (expired), 1 fresh; org-c held.
   */
  private static void seed(DataSource pool, boolean sqlite) throws Exception {
    try (Connection connection = pool.getConnection()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE TABLE processed_generations (id TEXT PRIMARY KEY, client_org_id TEXT NOT NULL,"
                + " generation_date DATE NOT NULL, processed_at BIGINT NOT NULL,"
                + " total_cost FLOAT NOT NULL, total_tokens INTEGER NOT NULL)");
      }
      Object[][] rows = {
        {"org-a", 200}, {"org-a", 200}, {"org-b", 100}, {"org-b", 5}, {"org-c", 400}
      };
      int id = 0;
      for (Object[] row : rows) {
        Instant processed = Instant.now().minus(Duration.ofDays((int) row[1]));
        try (PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO processed_generations VALUES (?, ?, "
                    + (sqlite ? "?" : "CAST(? AS DATE)")
                    + ", ?, 0.5, 100)")) {
          insert.setString(1, "gen-" + id++);
          insert.setString(2, (String) row[0]);
          insert.setString(3, LocalDate.ofInstant(processed, ZoneOffset.UTC).toString());
          insert.setLong(4, processed.getEpochSecond());
          insert.executeUpdate();
        }
      }
    }
  }
}
