package ai.mai.retention.app.wiring;

import ai.mai.retention.app.config.AppSettings;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.port.in.CheckCleanupHealthUseCase;
import ai.mai.retention.core.port.in.CleanupRequest;
import ai.mai.retention.core.port.in.QueryCleanupHistoryUseCase;
import ai.mai.retention.core.port.in.RunCleanupUseCase;
import ai.mai.retention.core.port.out.RetentionSchema;
import com.google.inject.Injector;
import com.zaxxer.hikari.HikariDataSource;

/** One open database with the use cases wired over it; closing it closes the app's pool. */
public final class RetentionRuntime implements AutoCloseable {

  private final AppSettings settings;
  private final Injector injector;
  private final HikariDataSource pool;

  RetentionRuntime(AppSettings settings, Injector injector, HikariDataSource pool) {
    this.settings = settings;
    this.injector = injector;
    this.pool = pool;
  }

  public RunCleanupUseCase cleanup() {
    return injector.getInstance(RunCleanupUseCase.class);
  }

  public QueryCleanupHistoryUseCase history() {
    return injector.getInstance(QueryCleanupHistoryUseCase.class);
  }

  public CheckCleanupHealthUseCase health() {
    return injector.getInstance(CheckCleanupHealthUseCase.class);
  }

  public RetentionSchema schema() {
    return injector.getInstance(RetentionSchema.class);
  }

  public Injector injector() {
    return injector;
  }

  public HikariDataSource dataSource() {
    return pool;
  }

  public AppSettings settings() {
    return settings;
  }

  /** A request carrying the configured policy, guards and batch size. */
  public CleanupRequest request(CleanupTrigger trigger) {
    return new CleanupRequest(
            settings.policy(), trigger, false, settings.batchSize(), settings.guards(), null)
        .withMaxDuration(settings.maxDuration());
  }

  @Override
  public void close() {
    pool.close();
  }
}
