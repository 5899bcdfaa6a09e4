package ai.mai.retention.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which database a JDBC URL names, and the SQLite files the library opens itself. */
class DatabaseTest {

  @TempDir Path directory;

  @Test
  void aJdbcUrlNamesItsDatabaseByItsPrefix() {
    assertThat(Database.fromJdbcUrl("jdbc:sqlite:/data/webui.db")).hasValue(Database.SQLITE);
    assertThat(Database.fromJdbcUrl(" JDBC:SQLITE:webui.db")).hasValue(Database.SQLITE);
    assertThat(Database.fromJdbcUrl("jdbc:postgresql://db:5432/mai")).hasValue(Database.POSTGRESQL);
    assertThat(Database.fromJdbcUrl("jdbc:mysql://db/mai")).isEmpty();
    assertThat(Database.fromJdbcUrl("postgresql://db/mai")).isEmpty();
    assertThat(Database.fromJdbcUrl(null)).isEmpty();
  }

  @Test
  void aMissingSqliteFileIsRefusedNamingItAndIsNeverCreated() {
    Path missing = directory.resolve("absent.db");

    assertThatThrownBy(
            () -> SqliteFiles.forCleanup("jdbc:sqlite:" + missing, Duration.ofSeconds(1)))
        .isInstanceOf(RetentionConfigurationException.class)
        .hasMessageContaining("jdbcUrl")
        .hasMessageContaining("not found")
        .hasMessageContaining(missing.toString());
    assertThatThrownBy(
            () -> SqliteFiles.forReading("jdbc:sqlite:" + missing, Duration.ofSeconds(1)))
        .isInstanceOf(RetentionConfigurationException.class)
        .hasMessageContaining("not found");
    assertThatThrownBy(() -> SqliteFiles.forCleanup("jdbc:sqlite::memory:", Duration.ofSeconds(1)))
        .isInstanceOf(RetentionConfigurationException.class)
        .hasMessageContaining("in-memory");
    assertThat(missing).doesNotExist();
  }

  @Test
  void opensAnExistingFileWithoutChangingItsJournalMode() throws Exception {
    SqliteHost host = new SqliteHost(directory);
    try {
      host.seed();
      Path file = Path.of(host.jdbcUrl().substring("jdbc:sqlite:".length()));
      byte[] before = Files.readAllBytes(file);

      try (var connection =
              SqliteFiles.forCleanup(host.jdbcUrl(), Duration.ofMillis(1500)).getConnection();
          var statement = connection.createStatement()) {
        var mode = statement.executeQuery("PRAGMA journal_mode");
        mode.next();
        assertThat(mode.getString(1)).isEqualTo("delete");
        var timeout = statement.executeQuery("PRAGMA busy_timeout");
        timeout.next();
        assertThat(timeout.getInt(1)).isEqualTo(1500);
      }
      assertThat(Files.readAllBytes(file)).isEqualTo(before);
    } finally {
      host.close();
    }
  }
}
