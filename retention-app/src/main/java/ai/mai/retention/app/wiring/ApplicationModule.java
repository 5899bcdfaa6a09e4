package ai.mai.retention.app.wiring;

import ai.mai.retention.adapter.jdbc.JdbcRetentionPorts;
import ai.mai.retention.app.config.AppSettings;
import ai.mai.retention.core.port.in.CheckCleanupHealthUseCase;
import ai.mai.retention.core.port.in.QueryCleanupHistoryUseCase;
import ai.mai.retention.core.port.in.RunCleanupUseCase;
import ai.mai.retention.core.port.out.CleanupJournal;
import ai.mai.retention.core.port.out.CleanupListener;
import ai.mai.retention.core.port.out.CleanupLock;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import ai.mai.retention.core.port.out.TableStorage;
import ai.mai.retention.core.service.CleanupHistoryService;
import ai.mai.retention.core.service.RunCleanupService;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.time.Clock;
import javax.sql.DataSource;

/** Binds the use cases to core's services over whichever adapter module is installed beside it. */
public final class ApplicationModule extends AbstractModule {

  private final AppSettings settings;
  private final Clock clock;
  private final CleanupListener listener;
  private final DataSource pool;

  public ApplicationModule(
      AppSettings settings, Clock clock, CleanupListener listener, DataSource pool) {
    this.settings = settings;
    this.clock = clock;
    this.listener = listener;
    this.pool = pool;
  }

  @Override
  protected void configure() {
    bind(AppSettings.class).toInstance(settings);
    bind(Clock.class).toInstance(clock);
    bind(CleanupListener.class).toInstance(listener);
    // The app's pool; the clustered scheduler's job store shares it.
    bind(DataSource.class).toInstance(pool);
    bind(QueryCleanupHistoryUseCase.class).to(CleanupHistoryService.class);
    bind(CheckCleanupHealthUseCase.class).to(CleanupHistoryService.class);
  }

  @Provides
  @Singleton
  RunCleanupUseCase runCleanup(
      ExpiredRecordStore store,
      CleanupJournal journal,
      CleanupLock lock,
      CleanupListener listener,
      TableStorage storage,
      JdbcRetentionPorts ports) {
    return new RunCleanupService(store, journal, lock, listener, clock)
        .withStorage(storage, settings.vacuum())
        .withArchive(ports.archive().orElse(null));
  }

  @Provides
  @Singleton
  CleanupHistoryService history(CleanupJournal journal) {
    return new CleanupHistoryService(journal, clock);
  }
}
