package ai.mai.retention.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDataSourcesTest {

  @TempDir Path directory;

  private String rollbackJournalFile() throws SQLException {
    String url = "jdbc:sqlite:" + directory.resolve("webui.db");
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE chat (id TEXT PRIMARY KEY)");
    }
    return url;
  }

  private static String pragma(DataSource dataSource, String name) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void theCheckPathLeavesTheJournalModeAlone() throws SQLException {
    String url = rollbackJournalFile();

    DataSource checks = SqliteDataSources.forChecks(url);

    assertThat(pragma(checks, "journal_mode")).isEqualToIgnoringCase("delete");
    assertThat(pragma(checks, "busy_timeout"))
        .isEqualTo(String.valueOf(SqliteDataSources.BUSY_TIMEOUT_MILLIS));
  }

  @Test
  void theCleanupPathUsesWalNormalSyncABusyTimeoutAndALargeCache() throws SQLException {
    DataSource cleanup = SqliteDataSources.forCleanup(rollbackJournalFile());

    assertThat(pragma(cleanup, "journal_mode")).isEqualToIgnoringCase("wal");
    assertThat(pragma(cleanup, "synchronous")).isEqualTo("1");
    assertThat(pragma(cleanup, "busy_timeout"))
        .isEqualTo(String.valueOf(SqliteDataSources.BUSY_TIMEOUT_MILLIS));
    assertThat(pragma(cleanup, "cache_size"))
        .isEqualTo(String.valueOf(-SqliteDataSources.CLEANUP_CACHE_KIB));
  }

  @Test
  void theReadingPathCannotWriteAndLeavesTheJournalModeAlone() throws SQLException {
    String url = rollbackJournalFile();

    DataSource reading = SqliteDataSources.forReading(url, java.time.Duration.ofMillis(900));

    assertThat(pragma(reading, "journal_mode")).isEqualToIgnoringCase("delete");
    assertThat(pragma(reading, "busy_timeout")).isEqualTo("900");
    try (Connection connection = reading.getConnection();
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.execute("INSERT INTO chat VALUES ('x')"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("SQLITE_READONLY");
      assertThatThrownBy(() -> statement.execute("PRAGMA journal_mode=WAL"))
          .isInstanceOf(SQLException.class);
    }
    assertThat(pragma(SqliteDataSources.forChecks(url), "journal_mode"))
        .isEqualToIgnoringCase("delete");
  }

  @Test
  void theBusyTimeoutCanBeChosenWithinBounds() throws SQLException {
    String url = rollbackJournalFile();

    assertThat(
            pragma(
                SqliteDataSources.forCleanup(url, java.time.Duration.ofMillis(750)),
                "busy_timeout"))
        .isEqualTo("750");
    assertThatThrownBy(() -> SqliteDataSources.forCleanup(url, java.time.Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("busy timeout");
  }

  @Test
  void onlySqliteUrlsAreAccepted() {
    assertThatThrownBy(() -> SqliteDataSources.forChecks("jdbc:postgresql://localhost/mai"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:sqlite:");
  }

  @Test
  void fileUrisAndQueryParametersNameTheFile() {
    assertThat(SqliteDataSources.databaseFile("jdbc:sqlite:/data/webui.db?journal_mode=WAL"))
        .isEqualTo(Path.of("/data/webui.db"));
    assertThat(SqliteDataSources.databaseFile("jdbc:sqlite:file:/data/webui.db?mode=rw"))
        .isEqualTo(Path.of("/data/webui.db"));
    assertThat(SqliteDataSources.databaseFile("jdbc:sqlite:file:///data/webui.db"))
        .isEqualTo(Path.of("/data/webui.db"));
    assertThat(SqliteDataSources.databaseFile("jdbc:sqlite:data/webui.db"))
        .isEqualTo(Path.of("data/webui.db"));
  }
}
