package ai.mai.retention.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.adapter.jdbc.JdbcRetentionPorts;
import ai.mai.retention.core.contract.RetentionSchemaContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRetentionFactoryTest {

  @TempDir Path directory;

  @Test
  void createsTheFourPortsOverTheGivenDataSource() {
    String url =
        SqliteTestDatabase.createFile(directory, SqliteTestDatabase.PROCESSED_GENERATIONS_DDL);
    JdbcRetentionPorts ports =
        SqliteRetention.create(SqliteDataSources.forCleanup(url), SqliteSettings.defaults());

    assertThat(ports.schema().migrate())
        .isEqualTo(RetentionSchemaContract.versionedMigrationsIn("db/retention/sqlite"));
    assertThat(ports.store()).isInstanceOf(SqliteExpiredRecordStore.class);
    assertThat(ports.journal().recentRuns(5)).isEmpty();
    assertThat(ports.lock()).isInstanceOf(SqliteCleanupLock.class);
  }
}
