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
    bind(RetentionSchema.class).toInstance(ports.schema());
    bind(TableStorage.class).toInstance(ports.storage());
  }
}
