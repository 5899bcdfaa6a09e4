package ai.mai.retention.app.config;

import ai.mai.retention.core.domain.ArchiveTarget;
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
 * @param statementTimeout how long one statement may run (PostgreSQL {@code statement_timeout})
 * @param vacuum whether a successful run gives the deleted rows' space back, and how
 * @param archive where runs keep the rows they delete; null for nowhere
 * @param maxDuration a run's time budget; null for none
 * @param enabled false: the daemon runs but never deletes
 * @param cron Quartz cron expression of the schedule
 * @param timezone time zone of the schedule
 * @param clustered one run per tick across replicas (PostgreSQL)
 * @param httpPort port of /health and /metrics, 0 = off
 * @param httpBind the address /health and /metrics listen on
 * @param logLevel root log level
 */
public record AppSettings(
    DatabaseTarget database,
    String table,
    RetentionPolicy policy,
    CleanupGuards guards,
    OptionalInt batchSize,
    Duration lockWait,
    Duration statementTimeout,
    VacuumMode vacuum,
    ArchiveTarget archive,
    Duration maxDuration,
    boolean enabled,
    String cron,
    ZoneId timezone,
    boolean clustered,
    int httpPort,
    String httpBind,
    String logLevel) {

  public static final String DEFAULT_TABLE = "processed_generations";
  public static final String DEFAULT_CRON = "0 0 0 * * ?";
  public static final int DEFAULT_HTTP_PORT = 9464;

  /**
   * Loopback: on a host, /health and /metrics are not offered to the network unless asked for. The
   * Docker image sets 0.0.0.0, where the container's own network and its published ports decide.
   */
  public static final String DEFAULT_HTTP_BIND = "127.0.0.1";

  /** SQLite's busy timeout and PostgreSQL's {@code lock_timeout} for the cleanup's statements. */
  public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(10);

  /** PostgreSQL's limit for the wait, and far more than any batch should wait. */
  public static final Duration MAX_LOCK_WAIT = Duration.ofHours(1);

  /** PostgreSQL's {@code statement_timeout} for every statement of the library. */
  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofMinutes(5);

  public static final Duration MAX_STATEMENT_TIMEOUT = Duration.ofHours(24);

  /** A run's time budget: shorter than a batch makes every run one batch. */
  public static final Duration MIN_MAX_DURATION = Duration.ofSeconds(1);

  public static final Duration MAX_MAX_DURATION = Duration.ofDays(30);
}
