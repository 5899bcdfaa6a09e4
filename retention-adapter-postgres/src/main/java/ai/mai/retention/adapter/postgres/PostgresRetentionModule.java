package ai.mai.retention.adapter.postgres;

import ai.mai.retention.adapter.jdbc.JdbcRetentionPorts;
import ai.mai.retention.core.port.out.CleanupJournal;
import ai.mai.retention.core.port.out.CleanupLock;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import ai.mai.retention.core.port.out.RetentionSchema;
import com.google.inject.AbstractModule;
import javax.sql.DataSource;

/** Binds the PostgreSQL adapter's out-ports for a Guice host; the data source stays the host's. */
public final class PostgresRetentionModule extends AbstractModule {

  private final DataSource dataSource;
  private final PostgresSettings settings;

  public PostgresRetentionModule(DataSource dataSource, PostgresSettings settings) {
    if (dataSource == null) {
      throw new IllegalArgumentException("dataSource is required");
    }
    this.dataSource = dataSource;
    this.settings = settings == null ? PostgresSettings.defaults() : settings;
  }

  @Override
  protected void configure() {
    JdbcRetentionPorts ports = PostgresRetention.create(dataSource, settings);
    bind(JdbcRetentionPorts.class).toInstance(ports);
    bind(ExpiredRecordStore.class).toInstance(ports.store());
    bind(CleanupJournal.class).toInstance(ports.journal());
    bind(CleanupLock.class).toInstance(ports.lock());
    bind(RetentionSchema.class).toInstance(ports.schema());
  }
}
