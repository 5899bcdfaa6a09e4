package ai.mai.retention.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.adapter.jdbc.RetentionSessions;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every statement of the library is bounded: each transaction starts with JIT off, a statement
 * timeout, a lock wait and custom plans, all local to it; Flyway's connections get the same and go
 * back to the pool as they came.
 */
class PostgresTransactionsTest {

  private PostgresTestDatabase database;
  private HikariDataSource pool;

  @BeforeEach
  void open() {
    database = PostgresTestDatabase.create();
    HikariConfig config = new HikariConfig();
    config.setDataSource(database.dataSource);
    // One connection: what the library sets must be gone when the host gets it back.
    config.setMaximumPoolSize(1);
    pool = new HikariDataSource(config);
  }

  @AfterEach
  void close() {
    pool.close();
    database.close();
  }

  private static List<String> settings(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT current_setting('jit'), current_setting('statement_timeout'),"
                    + " current_setting('lock_timeout'), current_setting('plan_cache_mode')")) {
      result.next();
      List<String> values = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        values.add(result.getString(i));
      }
      return values;
    }
  }

  private List<String> hostSettings() throws SQLException {
    try (Connection connection = pool.getConnection()) {
      return settings(connection);
    }
  }

  @Test
  void everyTransactionRunsWithoutJitWithBoundedStatementsAndLeavesTheSessionAsItWas()
      throws Exception {
    List<String> before = hostSettings();
    assertThat(before.get(0)).as("the server's own JIT setting").isEqualTo("on");
    PostgresTransactions transactions =
        new PostgresTransactions(Duration.ofMillis(300), Duration.ofSeconds(2));
    SqlSessionFactory sessions = RetentionSessions.create(pool, PostgresDialect.INSTANCE);

    for (boolean write : new boolean[] {true, false}) {
      try (SqlSession session = transactions.openSession(sessions)) {
        DialectTransactionsProbe probe = new DialectTransactionsProbe();
        List<String> inside =
            write
                ? transactions.write(session, "probe", probe::settings)
                : transactions.read(session, "probe", probe::settings);
        assertThat(inside).containsExactly("off", "2s", "300ms", "force_custom_plan");
      }
    }
    assertThat(hostSettings()).isEqualTo(before);
  }

  @Test
  void aStatementLongerThanTheTimeoutIsStoppedAndNamedAsSuch() {
    PostgresTransactions transactions =
        new PostgresTransactions(Duration.ofSeconds(1), Duration.ofMillis(200));
    SqlSessionFactory sessions = RetentionSessions.create(pool, PostgresDialect.INSTANCE);
    long started = System.nanoTime();

    assertThatThrownBy(
            () ->
                transactions.write(
                    sessions,
                    "a slow statement",
                    session -> {
                      try (Statement statement = session.getConnection().createStatement()) {
                        return statement.execute("SELECT pg_sleep(5)");
                      } catch (SQLException e) {
                        throw new IllegalStateException(e);
                      }
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a slow statement")
        .hasMessageContaining("statement timeout of 200 ms")
        .hasMessageContaining("RETENTION_STATEMENT_TIMEOUT");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void migrationsRunBoundedAndGiveFlywaysConnectionBackAsItCame() throws Exception {
    List<String> before = hostSettings();
    PostgresTransactions transactions =
        new PostgresTransactions(Duration.ofMillis(700), Duration.ofSeconds(3));
    List<String> duringMigration = new ArrayList<>();

    transactions.migrate(
        pool,
        flywaysDataSource -> {
          try (Connection connection = flywaysDataSource.getConnection()) {
            duringMigration.addAll(settings(connection));
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
          return 0;
        });

    assertThat(duringMigration).containsExactly("off", "3s", "700ms", "force_custom_plan");
    assertThat(hostSettings()).isEqualTo(before);
  }

  /** Reads the settings in force inside a transaction of the library. */
  private static final class DialectTransactionsProbe {
    List<String> settings(SqlSession session) {
      try {
        return PostgresTransactionsTest.settings(session.getConnection());
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
