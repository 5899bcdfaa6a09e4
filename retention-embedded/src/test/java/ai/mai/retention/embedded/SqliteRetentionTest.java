package ai.mai.retention.embedded;

import static ai.mai.retention.embedded.HostDatabase.EXPIRED;
import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.port.out.CleanupListener;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The front door on a real SQLite file, and what only SQLite has: busy timeouts, WAL. */
class SqliteRetentionTest extends RetentionContract {

  @TempDir Path directory;

  @Override
  HostDatabase newHost() {
    return new SqliteHost(directory);
  }

  private SqliteHost sqlite() {
    return (SqliteHost) host;
  }

  @Test
  void borrowedConnectionsGetTheLockWaitAsBusyTimeoutAndTheHostsOwnBack() throws Exception {
    // The host's pool makes connections that fail at once on a locked database.
    HikariDataSource pool =
        host.pool(3, config -> config.setConnectionInitSql("PRAGMA busy_timeout = 0"));
    Recording recording = new Recording(pool);
    List<Integer> duringTheRun = new ArrayList<>();
    Retention retention =
        theIssuesBuilder(recording)
            .lockWait(Duration.ofMillis(7_000))
            .listener(
                new CleanupListener() {
                  @Override
                  public void runStarting(CleanupReport plan) {
                    // Every connection the run holds, seen from inside the run.
                    for (Connection lent : recording.open()) {
                      duringTheRun.add(busyTimeout(lent));
                    }
                  }
                })
            .build();
    retention.migrate();

    assertThat(retention.runNow().success()).isTrue();

    assertThat(duringTheRun).isNotEmpty().containsOnly(7_000);
    try (Connection back = pool.getConnection()) {
      assertThat(busyTimeout(back)).isZero();
    }
  }

  @Test
  void aHostWriterHoldingTheWriteLockMakesTheRunWaitNotFail() throws Exception {
    HikariDataSource pool =
        host.pool(4, config -> config.setConnectionInitSql("PRAGMA busy_timeout = 0"));
    Retention retention = theIssuesBuilder(pool).build();
    retention.migrate();
    retention.preview();
    CountDownLatch locked = new CountDownLatch(1);
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      Future<?> holding =
          writer.submit(
              () -> {
                try (Connection hosts = host.admin().getConnection();
                    Statement statement = hosts.createStatement()) {
                  statement.execute("BEGIN IMMEDIATE");
                  statement.execute("UPDATE processed_generations SET total_tokens = total_tokens");
                  locked.countDown();
                  Thread.sleep(400);
                  statement.execute("COMMIT");
                }
                return null;
              });
      assertThat(locked.await(5, TimeUnit.SECONDS)).isTrue();

      CleanupReport report = retention.runNow();

      holding.get(5, TimeUnit.SECONDS);
      assertThat(report.success()).as(String.valueOf(report.error())).isTrue();
      assertThat(report.recordsDeleted()).isEqualTo(EXPIRED);
    } finally {
      writer.shutdownNow();
    }
  }

  @Test
  void aDatabaseNotInWalModeIsSwitchedByTheFirstRunAndTheLogSaysSo() {
    assertThat(sqlite().journalMode()).isEqualTo("delete");
    Retention retention = theIssuesBuilder(host.pool(3)).build();
    retention.migrate();
    ListAppender<ILoggingEvent> log = capture();

    assertThat(retention.runNow().success()).isTrue();

    assertThat(sqlite().journalMode()).isEqualTo("wal");
    assertThat(log.list)
        .anyMatch(
            event ->
                event.getLevel() == Level.INFO && event.getFormattedMessage().contains("to WAL"));
  }

  @Test
  void leftInItsJournalModeTheRunUsesShorterBatchesAndWarns() {
    Retention retention = theIssuesBuilder(host.pool(3)).switchSqliteToWal(false).build();
    retention.migrate();
    ListAppender<ILoggingEvent> log = capture();

    CleanupReport report = retention.runNow();

    assertThat(report.success()).isTrue();
    assertThat(report.recordsDeleted()).isEqualTo(EXPIRED);
    assertThat(sqlite().journalMode()).isEqualTo("delete");
    assertThat(log.list)
        .anyMatch(
            event ->
                event.getLevel() == Level.WARN
                    && event.getFormattedMessage().contains("journal mode delete, not WAL")
                    && event.getFormattedMessage().contains("30 ms"));
  }

  private static ListAppender<ILoggingEvent> capture() {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    ((Logger) LoggerFactory.getLogger(Retention.class)).addAppender(log);
    return log;
  }

  private static int busyTimeout(Connection connection) {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("PRAGMA busy_timeout")) {
      result.next();
      return result.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Records what the pool lends, so a test can look at the connections a run holds. */
  static final class Recording extends Delegating {
    private final List<Connection> lent = new ArrayList<>();

    Recording(DataSource pool) {
      super(pool);
    }

    @Override
    public synchronized Connection getConnection() throws SQLException {
      Connection connection = target.getConnection();
      lent.add(connection);
      return connection;
    }

    synchronized List<Connection> open() {
      return lent.stream()
          .filter(
              connection -> {
                try {
                  return !connection.isClosed();
                } catch (SQLException e) {
                  return false;
                }
              })
          .toList();
    }
  }
}
