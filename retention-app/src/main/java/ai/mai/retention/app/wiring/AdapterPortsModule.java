package ai.mai.retention.app.wiring;

import ai.mai.retention.adapter.jdbc.JdbcRetentionPorts;
import ai.mai.retention.core.port.out.CleanupJournal;
import ai.mai.retention.core.port.out.CleanupLock;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import ai.mai.retention.core.port.out.RetentionSchema;
import ai.mai.retention.core.port.out.TableStorage;
import com.google.inject.AbstractModule;

/**
 * Binds one adapter's out-ports for the app's injector. The adapters have no Guice of their own any
 * more (a host embeds the library through {@code retention-embedded}); until the app moves onto
 * that front door too, its composition root binds the ports here.
 */
final class AdapterPortsModule extends AbstractModule {

  private final JdbcRetentionPorts ports;

  AdapterPortsModule(JdbcRetentionPorts ports) {
    this.ports = ports;
  }

  @Override
  protected void configure() {
    bind(JdbcRetentionPorts.class).toInstance(ports);
    bind(ExpiredRecordStore.class).toInstance(ports.store());
    bind(CleanupJournal.class).toInstance(ports.journal());
    bind(CleanupLock.class).toInstance(ports.lock());
    bind(RetentionSchema.class).toInstance(withArchiveTable(ports));
    bind(TableStorage.class).toInstance(ports.storage());
  }

  /** The schema, whose migration also creates the archive table ({@code table:}) when missing. */
  private static RetentionSchema withArchiveTable(JdbcRetentionPorts ports) {
    RetentionSchema schema = ports.schema();
    if (ports.archive().isEmpty()) {
      return schema;
    }
    return new RetentionSchema() {
      @Override
      public int migrate() {
        int applied = schema.migrate();
        ports.archive().get().prepare();
        return applied;
      }

      @Override
      public void verify() {
        schema.verify();
      }

      @Override
      public void verifyTargetTable() {
        schema.verifyTargetTable();
      }

      @Override
      public void verifyJournal() {
        schema.verifyJournal();
      }
    };
  }
}
