/**
 * The Quartz scheduler that drives a cleanup: a cron trigger in an explicit time zone ({@link
 * ai.mai.retention.scheduler.quartz.ScheduleSettings}), a catch-up run at start when the journal's
 * last success is older than one schedule period, dry runs only when cleanup is disabled, and, on
 * PostgreSQL, a clustered JDBC job store in the {@code retention_qrtz_*} tables (created by this
 * module's own migrations, {@link ai.mai.retention.scheduler.quartz.QuartzTables}, only when
 * clustering is on) so that replicas run each tick once.
 *
 * <p>Entry points: {@link ai.mai.retention.scheduler.quartz.QuartzCleanupScheduler#create} for a
 * host's {@code Retention} (the front door), {@link
 * ai.mai.retention.scheduler.quartz.QuartzCleanupScheduler#builder} over core's in-ports, {@link
 * ai.mai.retention.scheduler.quartz.QuartzSchedulerModule} for Guice hosts. Depends on core's
 * in-ports and the front door, never on an adapter.
 *
 * <p>One job per class: {@code QuartzCleanupScheduler} the life (start, next fire time, shutdown),
 * {@code QuartzProperties} the Quartz configuration, {@code ClusteredStore} the clustered store's
 * hold on the host's pool (PostgreSQL check, tables, Quartz's registry), {@code ScheduleTriggers}
 * the stored job and triggers (with retries when replicas race), {@code CatchUp} whether a catch-up
 * is due, {@code QuartzShutdown} the time-limited stop, {@code CleanupSchedulerBuilder} the
 * assembly without Guice, {@code ScheduledCleanup} and {@code CleanupJob} what a firing does.
 */
package ai.mai.retention.scheduler.quartz;
