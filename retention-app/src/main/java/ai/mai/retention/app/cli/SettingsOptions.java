package ai.mai.retention.app.cli;

import ai.mai.retention.app.config.RawSettings;
import ai.mai.retention.app.config.Setting;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The settings flags every command accepts; they override environment and config file. */
public final class SettingsOptions {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file with settings, keyed by their environment variable names.")
  Path configFile;

  @Option(
      names = "--db",
      paramLabel = "JDBC_URL",
      description =
          "Database: jdbc:sqlite:<file> or jdbc:postgresql://host:port/db (RETENTION_DB_URL;"
              + " else DATABASE_URL; else jdbc:sqlite:$DATA_DIR/webui.db).")
  String db;

  @Option(
      names = "--db-user",
      paramLabel = "USER",
      description = "Database user (RETENTION_DB_USER).")
  String dbUser;

  @Option(
      names = "--db-password-file",
      paramLabel = "FILE",
      description = "File holding the database password (RETENTION_DB_PASSWORD_FILE).")
  String dbPasswordFile;

  @Option(
      names = "--table",
      paramLabel = "NAME",
      description = "Table to clean (RETENTION_TABLE, default processed_generations).")
  String table;

  @Option(
      names = "--retention-days",
      paramLabel = "DAYS",
      description = "Keep rows this many days (CLEANUP_RETENTION_DAYS, default 90).")
  String retentionDays;

  @Option(
      names = "--tenant-retention",
      paramLabel = "ORG=DAYS,...",
      description =
          "Per-organization retention, e.g. org-a=180,org-b=30 (CLEANUP_TENANT_RETENTION_DAYS).")
  String tenantRetention;

  @Option(
      names = "--legal-hold",
      paramLabel = "ORG,...",
      description = "Organizations whose rows are never deleted (CLEANUP_LEGAL_HOLD).")
  String legalHold;

  @Option(
      names = "--allow-full-wipe",
      description = "Permit a run that would delete every row (CLEANUP_ALLOW_FULL_WIPE).")
  boolean allowFullWipe;

  @Option(
      names = "--max-delete-fraction",
      paramLabel = "0..1",
      description =
          "Refuse when a larger share of the table would go (CLEANUP_MAX_DELETE_FRACTION).")
  String maxDeleteFraction;

  @Option(
      names = "--batch-size",
      paramLabel = "ROWS",
      description = "Rows per delete batch (CLEANUP_BATCH_SIZE; default chosen by the adapter).")
  String batchSize;

  @Option(
      names = "--lock-wait",
      paramLabel = "DURATION",
      description =
          "How long a statement waits for another session's lock, e.g. 10s or 500ms"
              + " (RETENTION_LOCK_WAIT, default 10s).")
  String lockWait;

  @Option(
      names = "--statement-timeout",
      paramLabel = "DURATION",
      description =
          "PostgreSQL: the longest any statement of the cleanup may run, e.g. 5m"
              + " (RETENTION_STATEMENT_TIMEOUT, default 5m).")
  String statementTimeout;

  @Option(
      names = "--vacuum",
      paramLabel = "MODE",
      description =
          "After a successful run, give the deleted rows' space back: off, online (SQLite"
              + " incremental_vacuum where the file allows it, PostgreSQL VACUUM) or full (SQLite"
              + " VACUUM, PostgreSQL VACUUM FULL; locks writers out while it runs)"
              + " (CLEANUP_VACUUM, default off).")
  String vacuum;

  @Option(
      names = "--archive",
      paramLabel = "TARGET",
      description =
          "Keep every deleted row first: file:<directory> (a gzip'd CSV per run, synced before"
              + " each batch commits) or table:<name> (an archive table made by migrate)"
              + " (CLEANUP_ARCHIVE, default none).")
  String archive;

  @Option(
      names = "--max-duration",
      paramLabel = "DURATION",
      description =
          "Time budget of a run, e.g. 2h: it then stops between batches as a success and the"
              + " next run goes on (CLEANUP_MAX_DURATION, default none).")
  String maxDuration;

  @Option(
      names = "--cron",
      paramLabel = "EXPR",
      description = "Quartz cron of the daemon's schedule (CLEANUP_CRON, default '0 0 0 * * ?').")
  String cron;

  @Option(
      names = "--timezone",
      paramLabel = "ZONE",
      description = "Time zone of the schedule (CLEANUP_TIMEZONE, default UTC).")
  String timezone;

  @Option(
      names = "--clustered",
      description = "One run per tick across replicas; PostgreSQL only (CLEANUP_CLUSTERED).")
  boolean clustered;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description = "Port of /health and /metrics, 0 = off (RETENTION_HTTP_PORT, default 9464).")
  String httpPort;

  @Option(
      names = "--http-bind",
      paramLabel = "ADDRESS",
      description =
          "Address /health and /metrics listen on (RETENTION_HTTP_BIND, default 127.0.0.1;"
              + " 0.0.0.0 for every interface).")
  String httpBind;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description = "TRACE, DEBUG, INFO, WARN, ERROR (LOG_LEVEL, default INFO).")
  String logLevel;

  /** Layers these flags over the environment and the config file. */
  public RawSettings load(Map<String, String> environment) {
    Map<Setting, String> flags = new EnumMap<>(Setting.class);
    put(flags, Setting.DB_URL, db);
    put(flags, Setting.DB_USER, dbUser);
    put(flags, Setting.DB_PASSWORD_FILE, dbPasswordFile);
    put(flags, Setting.TABLE, table);
    put(flags, Setting.RETENTION_DAYS, retentionDays);
    put(flags, Setting.TENANT_RETENTION, tenantRetention);
    put(flags, Setting.LEGAL_HOLD, legalHold);
    put(flags, Setting.ALLOW_FULL_WIPE, allowFullWipe ? "true" : null);
    put(flags, Setting.MAX_DELETE_FRACTION, maxDeleteFraction);
    put(flags, Setting.BATCH_SIZE, batchSize);
    put(flags, Setting.LOCK_WAIT, lockWait);
    put(flags, Setting.STATEMENT_TIMEOUT, statementTimeout);
    put(flags, Setting.VACUUM, vacuum);
    put(flags, Setting.ARCHIVE, archive);
    put(flags, Setting.MAX_DURATION, maxDuration);
    put(flags, Setting.CRON, cron);
    put(flags, Setting.TIMEZONE, timezone);
    put(flags, Setting.CLUSTERED, clustered ? "true" : null);
    put(flags, Setting.HTTP_PORT, httpPort);
    put(flags, Setting.HTTP_BIND, httpBind);
    put(flags, Setting.LOG_LEVEL, logLevel);
    return RawSettings.load(flags, environment, Optional.ofNullable(configFile));
  }

  private static void put(Map<Setting, String> flags, Setting setting, String value) {
    if (value != null) {
      flags.put(setting, value);
    }
  }
}
