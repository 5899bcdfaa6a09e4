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
 */
package ai.mai.retention.scheduler.quartz;
