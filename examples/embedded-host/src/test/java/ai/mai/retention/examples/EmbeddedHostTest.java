package ai.mai.retention.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example host, run on a SQLite file and on a real PostgreSQL with its own HikariCP pool. */
class EmbeddedHostTest {

  @TempDir Path directory;

  @Test
  void aHostWithoutGuiceGetsNoGuiceAndNoGuava() {
    // This module depends on the front door and the scheduler as a plain host would.
    for (String type : new String[] {"com.google.inject.Guice", "com.google.common.base.Strings"}) {
      assertThatThrownBy(() -> Class.forName(type)).isInstanceOf(ClassNotFoundException.class);
    }
  }

  @Test
  void theHostRunsOnSqlite() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:sqlite:" + directory.resolve("webui.db"));
    config.setMaximumPoolSize(5);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      seed(pool, true);
      assertTheHostSawWhatThePolicySays(EmbeddedHost.embed(pool), pool);
    }
  }

  @Test
  void theHostRunsOnPostgres() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
      config.setMaximumPoolSize(5);
      try (HikariDataSource pool = new HikariDataSource(config)) {
        seed(pool, false);
        assertTheHostSawWhatThePolicySays(EmbeddedHost.embed(pool), pool);
      }
    }
  }

  private static void assertTheHostSawWhatThePolicySays(
      EmbeddedHost.Outcome outcome, DataSource pool) throws Exception {
    assertThat(outcome.report().success()).as(String.valueOf(outcome.report().error())).isTrue();
    // org-a keeps 180 days, org-b the default 90, org-c is on hold.
    assertThat(outcome.report().recordsDeleted()).isEqualTo(3 + 2);
    assertThat(outcome.preview().recordsDeleted()).isZero();
    assertThat(outcome.runs()).hasSize(1);
    assertThat(outcome.health().healthy()).isTrue();
    ZonedDateTime nextRun = outcome.nightlyNextRun().orElseThrow().atZone(ZoneOffset.UTC);
    assertThat(nextRun.toLocalTime()).hasToString("00:00");
    assertThat(outcome.nightlyClosed()).isTrue();
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet left =
            statement.executeQuery(
                "SELECT client_org_id, count(*) FROM processed_generations"
                    + " GROUP BY client_org_id ORDER BY 1")) {
      StringBuilder counts = new StringBuilder();
      while (left.next()) {
        counts.append(left.getString(1)).append('=').append(left.getLong(2)).append(' ');
      }
      assertThat(counts.toString().strip()).isEqualTo("org-a=2 org-b=1 org-c=4");
    }
  }

  /**
   * mAI's table: org-a 3 rows 200 days old and 2 rows 120 days old; org-b 2 rows 100 days old and 1
   * row 10 days old; org-c (on hold) 4 rows 400 days old.
   */
  private static void seed(DataSource pool, boolean sqlite) throws Exception {
    try (Connection connection = pool.getConnection()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE TABLE processed_generations (id TEXT PRIMARY KEY, client_org_id TEXT NOT NULL,"
                + " generation_date DATE NOT NULL, processed_at BIGINT NOT NULL,"
                + " total_cost FLOAT NOT NULL, total_tokens INTEGER NOT NULL)");
      }
      int id = 0;
      for (Object[] group :
          new Object[][] {
            {"org-a", 3, 200},
            {"org-a", 2, 120},
            {"org-b", 2, 100},
            {"org-b", 1, 10},
            {"org-c", 4, 400}
          }) {
        for (int i = 0; i < (int) group[1]; i++) {
          Instant processed = Instant.now().minus(Duration.ofDays((int) group[2]));
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO processed_generations VALUES (?, ?, "
                      + (sqlite ? "?" : "CAST(? AS DATE)")
                      + ", ?, 0.5, 100)")) {
            insert.setString(1, "gen-" + id++);
            insert.setString(2, (String) group[0]);
            insert.setString(3, LocalDate.ofInstant(processed, ZoneOffset.UTC).toString());
            insert.setLong(4, processed.getEpochSecond());
            insert.executeUpdate();
          }
        }
      }
    }
  }
}
