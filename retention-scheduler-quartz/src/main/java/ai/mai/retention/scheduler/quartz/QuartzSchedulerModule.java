package ai.mai.retention.scheduler.quartz;

import ai.mai.retention.core.port.in.CheckCleanupHealthUseCase;
import ai.mai.retention.core.port.in.RunCleanupUseCase;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Guice wiring of the scheduler. The host binds core's {@link RunCleanupUseCase} and {@link
 * CheckCleanupHealthUseCase}, a {@link CleanupRequestFactory}, and (for clustered mode) its
 * PostgreSQL {@link DataSource}; optionally a {@link Clock}. It gets a singleton {@link
 * QuartzCleanupScheduler} (not started) whose jobs are created through {@link GuiceJobFactory}.
 */
public final class QuartzSchedulerModule extends AbstractModule {

  private final ScheduleSettings settings;

  public QuartzSchedulerModule(ScheduleSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  protected void configure() {
    bind(ScheduleSettings.class).toInstance(settings);
    // Present when the host binds them; a SQLite host binds no DataSource for the scheduler.
    OptionalBinder.newOptionalBinder(binder(), DataSource.class);
    OptionalBinder.newOptionalBinder(binder(), Clock.class);
  }

  @Provides
  @Singleton
  ScheduledCleanup scheduledCleanup(
      RunCleanupUseCase cleanup,
      CheckCleanupHealthUseCase health,
      CleanupRequestFactory requests,
      Optional<Clock> clock) {
    return ScheduledCleanup.of(
        settings,
        cleanup,
        health,
        requests,
        clock.orElseGet(Clock::systemUTC),
        CatchUp.Retry.DEFAULT);
  }

  @Provides
  CleanupJob cleanupJob(ScheduledCleanup scheduled) {
    return new CleanupJob(scheduled);
  }

  @Provides
  @Singleton
  QuartzCleanupScheduler scheduler(
      ScheduledCleanup scheduled,
      Optional<DataSource> dataSource,
      GuiceJobFactory jobs,
      Optional<Clock> clock) {
    return new QuartzCleanupScheduler(
        settings, scheduled, dataSource.orElse(null), jobs, clock.orElseGet(Clock::systemUTC));
  }
}
