package ai.mai.retention.scheduler.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.port.in.CheckCleanupHealthUseCase;
import ai.mai.retention.core.port.in.RunCleanupUseCase;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import com.google.inject.spi.ProvisionListener;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class QuartzSchedulerModuleTest {

  @Test
  void aGuiceHostGetsASchedulerWhoseJobsComeFromTheInjector() throws Exception {
    FakeCleanup cleanup = new FakeCleanup().lastSuccessAgo(Duration.ofDays(2));
    AtomicInteger jobsProvided = new AtomicInteger();
    Injector injector =
        Guice.createInjector(
            new QuartzSchedulerModule(ScheduleSettings.defaults()),
            host(cleanup),
            new AbstractModule() {
              @Override
              protected void configure() {
                bindListener(
                    binding -> binding.getKey().getTypeLiteral().getRawType() == CleanupJob.class,
                    new ProvisionListener() {
                      @Override
                      public <T> void onProvision(ProvisionInvocation<T> provision) {
                        jobsProvided.incrementAndGet();
                      }
                    });
              }
            });
    QuartzCleanupScheduler scheduler = injector.getInstance(QuartzCleanupScheduler.class);
    assertThat(injector.getInstance(QuartzCleanupScheduler.class)).isSameAs(scheduler);

    scheduler.start();
    try {
      assertThat(cleanup.awaitRuns(1, Duration.ofSeconds(5))).isTrue();
    } finally {
      scheduler.shutdown(Duration.ofSeconds(5));
    }

    assertThat(cleanup.runs(CleanupTrigger.CATCH_UP)).hasSize(1);
    assertThat(jobsProvided).hasValue(1);
    assertThat(injector.getInstance(CleanupJob.class))
        .isNotSameAs(injector.getInstance(CleanupJob.class));
  }

  @Test
  void clusteredWithoutABoundDataSourceFailsWhenTheSchedulerIsCreated() {
    Injector injector =
        Guice.createInjector(
            new QuartzSchedulerModule(ScheduleSettings.defaults().withClustered(true, null)),
            host(new FakeCleanup()));

    assertThatThrownBy(() -> injector.getInstance(QuartzCleanupScheduler.class))
        .isInstanceOf(ProvisionException.class)
        .cause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CLEANUP_CLUSTERED=true");
  }

  private static AbstractModule host(FakeCleanup cleanup) {
    return new AbstractModule() {
      @Override
      protected void configure() {
        bind(RunCleanupUseCase.class).toInstance(cleanup);
        bind(CheckCleanupHealthUseCase.class).toInstance(cleanup);
        bind(CleanupRequestFactory.class).toInstance(cleanup.requests());
      }
    };
  }
}
