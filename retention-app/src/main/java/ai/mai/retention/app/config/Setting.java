package ai.mai.retention.app.config;

import ai.mai.retention.core.domain.ArchiveTarget;
import ai.mai.retention.core.domain.VacuumMode;
import ai.mai.retention.embedded.Retention;
import ai.mai.retention.scheduler.quartz.ScheduleSettings;
import java.util.Optional;

/**
 * Every setting of the app, each in one entry: its environment variable (also its key in a {@code
 * --config} file), its flag, the commands that take it ({@link Scope}), its help text and default,
 * and what it does: the front door's builder call or the schedule's, or the app's own use. The
 * rules and defaults of what it sets are the library's; an entry only turns text into the value a
 * builder takes. A new setting is one more entry here (and a row in the README's table).
 *
 * <p>Precedence: flag > environment > config file > default ({@link RawSettings}).
 */
public enum Setting {
  DB_URL(
      Scope.DATABASE,
      "RETENTION_DB_URL",
      "--db",
      "JDBC_URL",
      "Database: jdbc:sqlite:<file> or jdbc:postgresql://host:port/db; without it Open WebUI's"
          + " DATABASE_URL, then the default",
      "jdbc:sqlite:$DATA_DIR/webui.db",
      "jdbcUrl",
      (target, value) -> target.databaseUrl = value),
  DB_USER(
      Scope.DATABASE,
      "RETENTION_DB_USER",
      "--db-user",
      "USER",
      "Database user",
      "(none)",
      null,
      (target, value) -> target.databaseUser = value),
  DB_PASSWORD(
      Scope.DATABASE,
      "RETENTION_DB_PASSWORD",
      null,
      null,
      "Database password (environment or config file only)",
      "(none)",
      null,
      (target, value) -> target.databasePassword = Secrets.remember(value)),
  DB_PASSWORD_FILE(
      Scope.DATABASE,
      "RETENTION_DB_PASSWORD_FILE",
      "--db-password-file",
      "FILE",
      "File holding the database password",
      "(none)",
      null,
      (target, value) -> target.databasePassword = Values.passwordFile(value)),
  TABLE(
      Scope.DATABASE,
      "RETENTION_TABLE",
      "--table",
      "NAME",
      "Table to clean",
      Retention.DEFAULT_TABLE,
      "table",
      (target, value) -> target.retention(builder -> builder.table(value))),
  LOCK_WAIT(
      Scope.DATABASE,
      "RETENTION_LOCK_WAIT",
      "--lock-wait",
      "DURATION",
      "How long a statement waits for another session's lock, e.g. 10s or 500ms (SQLite's busy"
          + " timeout, PostgreSQL's lock_timeout)",
      DurationText.format(Retention.DEFAULT_LOCK_WAIT),
      "lockWait",
      (target, value) -> {
        var wait = DurationText.parsePositive(value);
        target.retention(builder -> builder.lockWait(wait));
      }),
  STATEMENT_TIMEOUT(
      Scope.DATABASE,
      "RETENTION_STATEMENT_TIMEOUT",
      "--statement-timeout",
      "DURATION",
      "PostgreSQL: the longest any statement of the cleanup may run, e.g. 5m",
      DurationText.format(Retention.DEFAULT_STATEMENT_TIMEOUT),
      "statementTimeout",
      (target, value) -> {
        var timeout = DurationText.parsePositive(value);
        target.retention(builder -> builder.statementTimeout(timeout));
      }),
  RETENTION_DAYS(
      Scope.CLEANUP,
      "CLEANUP_RETENTION_DAYS",
      "--retention-days",
      "DAYS",
      "Keep rows this many days",
      String.valueOf(Retention.DEFAULT_RETENTION_DAYS),
      "retentionDays",
      (target, value) -> {
        int days = Values.wholeNumber(value, "days");
        target.retention(builder -> builder.retentionDays(days));
      }),
  TENANT_RETENTION(
      Scope.CLEANUP,
      "CLEANUP_TENANT_RETENTION_DAYS",
      "--tenant-retention",
      "ORG=DAYS,...",
      "Per-organization retention, e.g. org-a=180,org-b=30",
      "(none)",
      "tenantRetention",
      (target, value) -> {
        var days = Values.daysByOrganization(value);
        target.retention(builder -> builder.tenantRetention(days));
      }),
  LEGAL_HOLD(
      Scope.CLEANUP,
      "CLEANUP_LEGAL_HOLD",
      "--legal-hold",
      "ORG,...",
      "Organizations whose rows are never deleted",
      "(none)",
      "legalHolds",
      (target, value) -> {
        var held = Values.organizations(value);
        target.retention(builder -> builder.legalHolds(held));
      }),
  ALLOW_FULL_WIPE(
      Scope.CLEANUP,
      "CLEANUP_ALLOW_FULL_WIPE",
      "--allow-full-wipe",
      null,
      "Permit a run that would delete every row",
      "false",
      "allowFullWipe",
      (target, value) -> {
        boolean allow = Values.bool(value);
        target.retention(builder -> builder.allowFullWipe(allow));
      }),
  MAX_DELETE_FRACTION(
      Scope.CLEANUP,
      "CLEANUP_MAX_DELETE_FRACTION",
      "--max-delete-fraction",
      "0..1",
      "Refuse a run that would delete a larger share of the table",
      "(none)",
      "maxDeleteFraction",
      (target, value) -> {
        double fraction = Values.fraction(value);
        target.retention(builder -> builder.maxDeleteFraction(fraction));
      }),
  BATCH_SIZE(
      Scope.CLEANUP,
      "CLEANUP_BATCH_SIZE",
      "--batch-size",
      "ROWS",
      "Rows per delete batch, kept fixed",
      "(chosen by the adapter)",
      "batchSize",
      (target, value) -> {
        int rows = Values.wholeNumber(value, "rows per batch");
        target.retention(builder -> builder.batchSize(rows));
      }),
  VACUUM(
      Scope.CLEANUP,
      "CLEANUP_VACUUM",
      "--vacuum",
      "MODE",
      "After a successful run, give the deleted rows' space back: off, online (SQLite"
          + " incremental_vacuum where the file allows it, PostgreSQL VACUUM) or full (SQLite"
          + " VACUUM, PostgreSQL VACUUM FULL; locks writers out while it runs)",
      VacuumMode.OFF.label(),
      "vacuumAfterRun",
      (target, value) -> {
        VacuumMode mode = VacuumMode.parse(value);
        target.retention(builder -> builder.vacuumAfterRun(mode));
      }),
  ARCHIVE(
      Scope.CLEANUP,
      "CLEANUP_ARCHIVE",
      "--archive",
      "TARGET",
      "Keep every deleted row first: file:<directory> (a gzip'd CSV per run, synced before each"
          + " batch commits) or table:<name> (an archive table made by migrate)",
      "(none)",
      "archive",
      (target, value) -> {
        ArchiveTarget archive = ArchiveTarget.parse(value);
        target.retention(builder -> builder.archive(archive));
      }),
  MAX_DURATION(
      Scope.CLEANUP,
      "CLEANUP_MAX_DURATION",
      "--max-duration",
      "DURATION",
      "Time budget of a run, e.g. 2h: it then stops between batches as a success and the next"
          + " run goes on",
      "(none)",
      "maxDuration",
      (target, value) -> {
        var budget = DurationText.parsePositive(value);
        target.retention(builder -> builder.maxDuration(budget));
      }),
  ENABLED(
      Scope.DAEMON,
      "CLEANUP_ENABLED",
      null,
      null,
      "false: the daemon runs and reports, but every run is a dry run",
      String.valueOf(ScheduleSettings.defaults().enabled()),
      null,
      (target, value) -> target.schedule(schedule -> schedule.withEnabled(Values.bool(value)))),
  CRON(
      Scope.DAEMON,
      "CLEANUP_CRON",
      "--cron",
      "EXPR",
      "Quartz cron of the daemon's schedule, seconds first",
      ScheduleSettings.DEFAULT_CRON,
      null,
      (target, value) -> target.schedule(schedule -> schedule.withCron(value))),
  TIMEZONE(
      Scope.DAEMON,
      "CLEANUP_TIMEZONE",
      "--timezone",
      "ZONE",
      "Time zone of the schedule",
      ScheduleSettings.DEFAULT_ZONE.getId(),
      null,
      (target, value) -> target.schedule(schedule -> schedule.withTimeZone(value))),
  CLUSTERED(
      Scope.DAEMON,
      "CLEANUP_CLUSTERED",
      "--clustered",
      null,
      "One run per tick across replicas; PostgreSQL only",
      "false",
      null,
      (target, value) ->
          target.schedule(
              schedule -> schedule.withClustered(Values.bool(value), schedule.instanceId()))),
  HTTP_PORT(
      Scope.DAEMON,
      "RETENTION_HTTP_PORT",
      "--http-port",
      "PORT",
      "Port of /health and /metrics, 0 = off",
      String.valueOf(Configuration.DEFAULT_HTTP_PORT),
      null,
      (target, value) -> target.httpPort = Values.port(value)),
  HTTP_BIND(
      Scope.DAEMON,
      "RETENTION_HTTP_BIND",
      "--http-bind",
      "ADDRESS",
      "Address /health and /metrics listen on; 0.0.0.0 for every interface",
      Configuration.DEFAULT_HTTP_BIND,
      null,
      (target, value) -> target.httpBind = Values.listenAddress(value)),
  LOG_LEVEL(
      Scope.GENERAL,
      "LOG_LEVEL",
      "--log-level",
      "LEVEL",
      "TRACE, DEBUG, INFO, WARN, ERROR or OFF",
      "INFO",
      null,
      (target, value) -> target.logLevel = Values.logLevel(value));

  /** Which commands take a setting: each command names the scopes it reads. */
  public enum Scope {
    /** Every command: the log level (and the {@code --config} file). */
    GENERAL,
    /** Commands that open the configured database. */
    DATABASE,
    /** Commands that clean: the policy, the guards, batches and vacuum. */
    CLEANUP,
    /** The daemon only: schedule and HTTP. */
    DAEMON
  }

  /** What a setting does with its (non-blank) text value; throws naming the problem. */
  @FunctionalInterface
  interface Effect {
    void apply(Configuration target, String value);
  }

  private final Scope scope;
  private final String environmentVariable;
  private final String flag;
  private final String paramLabel;
  private final String description;
  private final String defaultText;
  private final String builderSetting;
  private final Effect effect;

  Setting(
      Scope scope,
      String environmentVariable,
      String flag,
      String paramLabel,
      String description,
      String defaultText,
      String builderSetting,
      Effect effect) {
    this.scope = scope;
    this.environmentVariable = environmentVariable;
    this.flag = flag;
    this.paramLabel = paramLabel;
    this.description = description;
    this.defaultText = defaultText;
    this.builderSetting = builderSetting;
    this.effect = effect;
  }

  public Scope scope() {
    return scope;
  }

  public String environmentVariable() {
    return environmentVariable;
  }

  public Optional<String> flag() {
    return Optional.ofNullable(flag);
  }

  /** A flag without a value ({@code --allow-full-wipe}) means {@code true}. */
  public boolean isSwitch() {
    return flag != null && paramLabel == null;
  }

  public String paramLabel() {
    return paramLabel;
  }

  /** A list of organizations (with their days): the library names the entry it refuses. */
  boolean isList() {
    return this == TENANT_RETENTION || this == LEGAL_HOLD;
  }

  /** The password: never printed, and taken as it is (any character may be in it). */
  public boolean isSecret() {
    return this == DB_PASSWORD;
  }

  /** What the default is, as {@code config} and {@code --help} show it. */
  public String defaultText() {
    return defaultText;
  }

  /** The help line: what it does, its environment variable, its default. */
  public String help() {
    String shown =
        defaultText.startsWith("(")
            ? defaultText.substring(1, defaultText.length() - 1)
            : defaultText;
    return description
        + " ("
        + environmentVariable
        + (shown.equals("none") ? "" : ", default " + shown)
        + ")";
  }

  /** The front door's builder setting it sets, as its exceptions name it; empty if none. */
  Optional<String> builderSetting() {
    return Optional.ofNullable(builderSetting);
  }

  void apply(Configuration target, String value) {
    effect.apply(target, value);
  }

  /** How error messages name the setting: {@code --retention-days / CLEANUP_RETENTION_DAYS}. */
  public String displayName() {
    return flag == null ? environmentVariable : flag + " / " + environmentVariable;
  }
}
