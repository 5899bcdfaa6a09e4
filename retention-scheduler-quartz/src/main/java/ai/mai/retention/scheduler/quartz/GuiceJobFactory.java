package ai.mai.retention.scheduler.quartz;

import com.google.inject.Inject;
import com.google.inject.Injector;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/** Creates each firing's job through Guice, so jobs get their dependencies from the injector. */
public final class GuiceJobFactory implements JobFactory {

  private final Injector injector;

  @Inject
  public GuiceJobFactory(Injector injector) {
    this.injector = injector;
  }

  @Override
  public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
    Class<? extends Job> type = bundle.getJobDetail().getJobClass();
    try {
      return injector.getInstance(type);
    } catch (RuntimeException notInjectable) {
      throw new SchedulerException("Guice could not create job " + type.getName(), notInjectable);
    }
  }
}
