package ai.mai.retention.scheduler.quartz;

import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Date;
import org.quartz.CronExpression;

/**
 * When and how the daemon runs cleanup. Validated on construction, so a bad value fails before
 * anything starts; messages name the setting ({@code CLEANUP_CRON}, {@code CLEANUP_TIMEZONE}) and
 * the value.
 *
 * @param cron Quartz cron expression (6 or 7 fields, seconds first), {@code CLEANUP_CRON}
 * @param zone the time zone the cron expression is read in, {@code CLEANUP_TIMEZONE}
 * @param enabled false: every run is a dry run (reports, never deletes), {@code CLEANUP_ENABLED}
 * @param clustered Quartz JDBC job store on PostgreSQL shared by all replicas, {@code
 *     CLEANUP_CLUSTERED}
 * @param instanceId this replica's id in the cluster; null lets Quartz generate one (host name and
 *     start time), which is what replicas normally want
 * @param clusterCheckinInterval how often a clustered replica checks in (a replica silent for about
 *     this long plus 7.5 s is presumed dead and its in-flight run recovered by another), and how
 *     often an idle replica polls the shared schedule (at least 1 s, at most 30 s)
 * @param catchUp run once at start when the last success is older than one schedule period
 */
public record ScheduleSettings(
    String cron,
    ZoneId zone,
    boolean enabled,
    boolean clustered,
    String instanceId,
    Duration clusterCheckinInterval,
    boolean catchUp) {

  public static final String DEFAULT_CRON = "0 0 0 * * ?";
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");
  public static final Duration DEFAULT_CLUSTER_CHECKIN_INTERVAL = Duration.ofSeconds(15);

  public ScheduleSettings {
    if (zone == null) {
      throw new IllegalArgumentException("CLEANUP_TIMEZONE: a time zone is required, got none");
    }
    validateCron(cron, zone);
    if (instanceId != null && instanceId.isBlank()) {
      instanceId = null;
    }
    if (clusterCheckinInterval == null) {
      clusterCheckinInterval = DEFAULT_CLUSTER_CHECKIN_INTERVAL;
    }
    if (clusterCheckinInterval.toMillis() < 100) {
      throw new IllegalArgumentException(
          "cluster check-in interval must be at least 100 ms, got " + clusterCheckinInterval);
    }
  }

  /** Every midnight UTC, enabled, not clustered, with catch-up. */
  public static ScheduleSettings defaults() {
    return new ScheduleSettings(
        DEFAULT_CRON, DEFAULT_ZONE, true, false, null, DEFAULT_CLUSTER_CHECKIN_INTERVAL, true);
  }

  public ScheduleSettings withCron(String expression) {
    return new ScheduleSettings(
        expression, zone, enabled, clustered, instanceId, clusterCheckinInterval, catchUp);
  }

  public ScheduleSettings withZone(ZoneId timeZone) {
    return new ScheduleSettings(
        cron, timeZone, enabled, clustered, instanceId, clusterCheckinInterval, catchUp);
  }

  /** Parses {@code CLEANUP_TIMEZONE} (an IANA name such as {@code Europe/Berlin}, or an offset). */
  public ScheduleSettings withTimeZone(String timeZone) {
    return withZone(parseZone(timeZone));
  }

  public ScheduleSettings withEnabled(boolean on) {
    return new ScheduleSettings(
        cron, zone, on, clustered, instanceId, clusterCheckinInterval, catchUp);
  }

  /** Clustered or not; {@code id} may be null to let Quartz generate one. */
  public ScheduleSettings withClustered(boolean on, String id) {
    return new ScheduleSettings(cron, zone, enabled, on, id, clusterCheckinInterval, catchUp);
  }

  public ScheduleSettings withClusterCheckinInterval(Duration interval) {
    return new ScheduleSettings(cron, zone, enabled, clustered, instanceId, interval, catchUp);
  }

  public ScheduleSettings withCatchUp(boolean on) {
    return new ScheduleSettings(
        cron, zone, enabled, clustered, instanceId, clusterCheckinInterval, on);
  }

  /** The zone named by {@code CLEANUP_TIMEZONE}; throws naming the setting when unknown. */
  public static ZoneId parseZone(String timeZone) {
    if (timeZone == null || timeZone.isBlank()) {
      throw new IllegalArgumentException("CLEANUP_TIMEZONE: a time zone is required, got none");
    }
    try {
      return ZoneId.of(timeZone.trim());
    } catch (DateTimeException unknown) {
      throw new IllegalArgumentException(
          "CLEANUP_TIMEZONE: '"
              + timeZone
              + "' is not a known time zone ("
              + unknown.getMessage()
              + "); use an IANA name such as 'UTC' or 'Europe/Berlin', or an offset such as"
              + " '+02:00'",
          unknown);
    }
  }

  private static void validateCron(String expression, ZoneId zone) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("CLEANUP_CRON: a cron expression is required, got none");
    }
    CronExpression parsed;
    try {
      parsed = new CronExpression(expression);
    } catch (ParseException invalid) {
      throw new IllegalArgumentException(
          "CLEANUP_CRON: '"
              + expression
              + "' is not a valid Quartz cron expression ("
              + invalid.getMessage()
              + "). Quartz cron has 6 or 7 fields: second minute hour day-of-month month"
              + " day-of-week [year], with '?' in one of the two day fields; every midnight is '"
              + DEFAULT_CRON
              + "'",
          invalid);
    }
    parsed.setTimeZone(CronSchedule.timeZoneOf(zone));
    if (parsed.getNextValidTimeAfter(new Date()) == null) {
      throw new IllegalArgumentException(
          "CLEANUP_CRON: '" + expression + "' never fires again; nothing would ever run");
    }
  }
}
