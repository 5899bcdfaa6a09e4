/**
 * The Quartz scheduler that drives core's cleanup use case: a cron trigger in an explicit time zone
 * ({@link ai.mai.retention.scheduler.quartz.ScheduleSettings}), a catch-up run at start when the
 * journal's last success is older than one schedule period, dry runs only when cleanup is disabled,
 * and, on PostgreSQL, a clustered JDBC job store in the {@code retention_qrtz_*} tables (created by
 * the PostgreSQL adapter's migration V4) so that replicas run each tick once.
 *
 * <p>Entry points: {@link ai.mai.retention.scheduler.quartz.QuartzCleanupScheduler#builder} for
 * plain Java hosts, {@link ai.mai.retention.scheduler.quartz.QuartzSchedulerModule} for Guice
 * hosts. Depends on core's in-ports only.
 */
package ai.mai.retention.scheduler.quartz;
