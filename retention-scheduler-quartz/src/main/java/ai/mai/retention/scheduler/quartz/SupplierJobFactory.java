package ai.mai.retention.scheduler.quartz;

import java.util.function.Supplier;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/** The job factory of hosts without Guice: a new {@link CleanupJob} per firing. */
final class SupplierJobFactory implements JobFactory {

  private final Supplier<CleanupJob> jobs;

  SupplierJobFactory(Supplier<CleanupJob> jobs) {
    this.jobs = jobs;
  }

  @Override
  public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
    Class<? extends Job> type = bundle.getJobDetail().getJobClass();
    if (type != CleanupJob.class) {
      throw new SchedulerException("this scheduler runs only CleanupJob, not " + type.getName());
    }
    return jobs.get();
  }
}
