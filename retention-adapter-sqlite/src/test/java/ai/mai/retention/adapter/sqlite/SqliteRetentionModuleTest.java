package ai.mai.retention.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.adapter.jdbc.JdbcRetentionPorts;
import ai.mai.retention.core.port.out.CleanupJournal;
import ai.mai.retention.core.port.out.CleanupLock;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import ai.mai.retention.core.port.out.RetentionSchema;
import com.google.inject.Guice;
import com.google.inject.Injector;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRetentionModuleTest {

  @TempDir Path directory;

  @Test
  void bindsTheFourPortsOverTheGivenDataSource() {
    String url =
        SqliteTestDatabase.createFile(directory, SqliteTestDatabase.PROCESSED_GENERATIONS_DDL);
    Injector injector =
        Guice.createInjector(
            new SqliteRetentionModule(
                SqliteDataSources.forCleanup(url), SqliteSettings.defaults()));

    assertThat(injector.getInstance(RetentionSchema.class).migrate())
        .isEqualTo(SqliteTestDatabase.MIGRATIONS);
    assertThat(injector.getInstance(ExpiredRecordStore.class))
        .isInstanceOf(SqliteExpiredRecordStore.class);
    assertThat(injector.getInstance(CleanupJournal.class).recentRuns(5)).isEmpty();
    assertThat(injector.getInstance(CleanupLock.class)).isInstanceOf(SqliteCleanupLock.class);
    assertThat(injector.getInstance(JdbcRetentionPorts.class).store())
        .isSameAs(injector.getInstance(ExpiredRecordStore.class));
  }
}
