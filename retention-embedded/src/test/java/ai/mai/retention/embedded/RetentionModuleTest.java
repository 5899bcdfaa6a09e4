package ai.mai.retention.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One Guice module binds the front door over the host's DataSource, whatever the database. */
class RetentionModuleTest {

  @TempDir Path directory;

  @Test
  void bindsOneRetentionBuiltWithTheHostsSettingsOverItsDataSource() {
    try (SqliteHost host = new SqliteHost(directory)) {
      host.seed();
      DataSource pool = host.pool(3);
      Injector injector =
          Guice.createInjector(
              binder -> binder.bind(DataSource.class).toInstance(pool),
              new RetentionModule(builder -> builder.retentionDays(90).clock(HostDatabase.CLOCK)));

      Retention retention = injector.getInstance(Retention.class);

      assertThat(injector.getInstance(Retention.class)).isSameAs(retention);
      assertThat(retention.dataSource()).isSameAs(pool);
      assertThat(retention.database()).isEqualTo(Database.SQLITE);
      assertThat(retention.policy().defaultDays()).isEqualTo(90);
      retention.migrate();
      assertThat(retention.runNow().success()).isTrue();
    }
  }
}
