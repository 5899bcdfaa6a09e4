package ai.mai.retention.app.config;

import ai.mai.retention.core.domain.CleanupGuards;
import ai.mai.retention.core.domain.RetentionPolicy;
import ai.mai.retention.core.domain.VacuumMode;
import java.time.Duration;
import java.time.ZoneId;
import java.util.OptionalInt;

/**
 * The effective, validated configuration of one invocation.
 *
 * @param database where to clean
 * @param table the target table (validated identifier)
 * @param policy retention days, per-organization overrides and legal holds
 * @param guards safety limits
 * @param batchSize rows per batch; empty lets the adapter choose
 * @param lockWait how long a statement waits for another session's lock
 * @param vacuum whether a successful run gives the deleted rows' space back, and how
 * @param enabled false: the daemon runs but never deletes
 * @param cron Quartz cron expression of the schedule
 * @param timezone time zone of the schedule
 * @param clustered one run per tick across replicas (PostgreSQL)
 * @param httpPort port of /health and /metrics, 0 = off
 * @param logLevel root log level
 */
public record AppSettings(
    DatabaseTarget database,
    String table,
    RetentionPolicy policy,
    CleanupGuards guards,
    OptionalInt batchSize,
    Duration lockWait,
    VacuumMode vacuum,
    boolean enabled,
    String cron,
    ZoneId timezone,
    boolean clustered,
    int httpPort,
    String logLevel) {

  public static final String DEFAULT_TABLE = "processed_generations";
  public static final String DEFAULT_CRON = "0 0 0 * * ?";
  public static final int DEFAULT_HTTP_PORT = 9464;

  /** SQLite's busy timeout and PostgreSQL's {@code lock_timeout} for the cleanup's statements. */
  public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(10);

  /** PostgreSQL's limit for the wait, and far more than any batch should wait. */
  public static final Duration MAX_LOCK_WAIT = Duration.ofHours(1);
}
