package ai.mai.retention.embedded;

import ai.mai.retention.adapter.jdbc.BatchSizes;
import ai.mai.retention.adapter.jdbc.JdbcRetentionPorts;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.adapter.jdbc.TableRowArchive;
import ai.mai.retention.adapter.postgres.PostgresConnections;
import ai.mai.retention.adapter.postgres.PostgresRetention;
import ai.mai.retention.adapter.postgres.PostgresSettings;
import ai.mai.retention.adapter.sqlite.SqliteConnections;
import ai.mai.retention.adapter.sqlite.SqliteRetention;
import ai.mai.retention.adapter.sqlite.SqliteSettings;
import ai.mai.retention.core.domain.ArchiveTarget;
import ai.mai.retention.core.domain.CleanupGuards;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.HealthReport;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.OrganizationId;
import ai.mai.retention.core.domain.RetentionPolicy;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.domain.VacuumMode;
import ai.mai.retention.core.port.in.CleanupRequest;
import ai.mai.retention.core.port.out.CleanupListener;
import ai.mai.retention.core.port.out.RowArchive;
import ai.mai.retention.core.port.out.SchemaProblemException;
import ai.mai.retention.core.service.CleanupHistoryService;
import ai.mai.retention.core.service.FailureMessages;
import ai.mai.retention.core.service.RunCleanupService;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The library's front door: deletes the rows of mAI's {@code processed_generations} that are older
 * than the retention period, in short batches, and journals every run to {@code
 * processed_generation_cleanup_log}, over a {@link DataSource} the host owns.
 *
 * <pre>{@code
 * Retention retention = Retention.builder(dataSource)      // SQLite or PostgreSQL, detected
 *     .retentionDays(90)
 *     .tenantRetention(Map.of("org-a", 180))
 *     .legalHolds(Set.of("org-c"))
 *     .build();
 * retention.migrate();
 * CleanupReport report = retention.runNow();
 * }</pre>
 *
 * <p>Promises to the host:
 *
 * <ul>
 *   <li>It works in its own short transactions, each committed before the next begins, and never
 *       commits, rolls back or changes the autocommit of a transaction it did not begin: handed a
 *       connection inside one, it refuses ({@link RetentionConfigurationException}) before deleting
 *       anything. The pool must hand out connections in autocommit mode.
 *   <li>A run takes all the connections it holds at once ({@link Database#connectionsPerRun()})
 *       before its first delete, so it never deletes and then fails for want of one.
 *   <li>On SQLite each borrowed connection gets the lock wait as its busy timeout for the borrow,
 *       and a database not in WAL mode is switched to it (or, when that is turned off or refused,
 *       cleaned with shorter batches and a warning in the log).
 *   <li>Every public method throws only {@link RetentionException} and its subtypes; nothing is
 *       deleted before the checks that can refuse a run have passed.
 *   <li>It never closes the host's {@code DataSource} and starts no thread.
 * </ul>
 *
 * <p>Instances are thread-safe. Two runs of one instance never overlap (the second is reported as
 * skipped), and the database's run lock keeps runs of several processes apart.
 */
public final class Retention {

  /**
   * A rollback journal's commit holds the host's readers out while it writes the pages; shorter
   * batches keep that window near what WAL mode gives (the WAL pacing was measured, this one is
   * half of it by reasoning, not by measurement).
   */
  static final Duration ROLLBACK_JOURNAL_BATCH_TARGET =
      SqliteSettings.DEFAULT_BATCH_TARGET.dividedBy(2);

  /** Days a row is kept by default: 90. */
  public static final int DEFAULT_RETENTION_DAYS = RetentionPolicy.DEFAULT_DAYS;

  /** The table cleaned by default: mAI's {@code processed_generations}. */
  public static final String DEFAULT_TABLE = TableName.DEFAULT.value();

  /** How long a statement waits for another session's lock by default: 10 s. */
  public static final Duration DEFAULT_LOCK_WAIT = PostgresSettings.DEFAULT_LOCK_WAIT;

  /** How long one statement may run on PostgreSQL by default: 5 minutes. */
  public static final Duration DEFAULT_STATEMENT_TIMEOUT =
      PostgresSettings.DEFAULT_STATEMENT_TIMEOUT;

  /** Shorter than a batch would make every run one batch; a run is a nightly job. */
  static final Duration MIN_MAX_DURATION = Duration.ofSeconds(1);

  static final Duration MAX_MAX_DURATION = Duration.ofDays(30);

  private final DataSource hostDataSource;
  private final Database database;
  private final TableName table;
  private final RetentionPolicy policy;
  private final CleanupGuards guards;
  private final OptionalInt batchSize;
  private final Clock clock;
  private final Duration lockWait;
  private final Duration statementTimeout;
  private final boolean switchSqliteToWal;
  private final boolean readOnly;
  private final VacuumMode vacuum;
  private final ArchiveTarget archive;
  private final Duration maxDuration;
  private final RunListeners listener;
  private final HostConnections connections;
  private final JdbcRetentionPorts ports;
  private final CleanupHistoryService history;
  private final ReentrantLock runGate = new ReentrantLock();
  private volatile JdbcRetentionPorts rollbackJournalPorts;
  private volatile boolean migrated;

  private Retention(Builder builder, Database database, RetentionPolicy policy, TableName table) {
    this.hostDataSource = builder.dataSource;
    this.database = database;
    this.table = table;
    this.policy = policy;
    this.guards = builder.guards();
    this.batchSize = builder.batchSize;
    this.clock = builder.clock;
    this.lockWait = builder.lockWait;
    this.statementTimeout = builder.statementTimeout;
    this.switchSqliteToWal = builder.switchSqliteToWal;
    this.readOnly = builder.readOnly;
    this.vacuum = builder.vacuum;
    this.archive = builder.archive;
    this.maxDuration = builder.maxDuration;
    this.listener = new RunListeners(builder.logSummary, builder.listeners);
    this.connections = new HostConnections(hostDataSource, database, lockWait);
    this.ports = ports(SqliteSettings.DEFAULT_BATCH_TARGET);
    this.history = new CleanupHistoryService(ports.journal(), clock);
  }

  /**
   * Starts configuring the library over the host's data source.
   *
   * @param dataSource the host's pool (HikariCP or any other), on a SQLite file or a PostgreSQL
   *     database that holds {@code processed_generations}; never closed by the library
   * @return a builder with the defaults: 90 days for everyone, no holds, the guards on
   * @throws RetentionConfigurationException when {@code dataSource} is null
   */
  public static Builder builder(DataSource dataSource) {
    if (dataSource == null) {
      throw new RetentionConfigurationException(
          "dataSource: a DataSource is required (the host's pool on the database that holds"
              + " processed_generations)");
    }
    return new Builder(dataSource);
  }

  /**
   * Creates or upgrades the library's own tables and adopts an existing audit table with its rows;
   * idempotent. The library's migration history is kept in its own table, {@code
   * retention_schema_history}, apart from the host's. Needs a role that may create tables.
   *
   * @return the number of migrations applied now (0 when already up to date)
   * @throws RetentionSchemaException the target table is missing or misshapen (it is never
   *     created), or a migration failed (the message says which and why)
   * @throws RetentionConfigurationException called inside a host transaction, or on a {@link
   *     Builder#readOnly read-only} instance
   * @throws DatabaseUnavailableException no connection could be had
   */
  public int migrate() {
    refuseIfReadOnly("migrate()");
    return call(
        "migrating the retention tables",
        1,
        () -> {
          int applied = ports.schema().migrate();
          ports.archive().ifPresent(RowArchive::prepare);
          migrated = true;
          return applied;
        });
  }

  /**
   * The SQL that {@link #migrate()} would run on this database now, without running it: for a DBA
   * to review, or to apply by hand as the tables' owner. Applied as it is, it also records itself
   * in {@code retention_schema_history} the way {@code migrate()} would, so that the library then
   * finds nothing pending. Empty of migrations when the database is up to date.
   *
   * @return the script, one transaction
   * @throws RetentionSchemaException the target table is missing or misshapen
   * @throws DatabaseUnavailableException no connection could be had
   */
  public String migrationScript() {
    return call(
        "writing the migration script",
        1,
        () -> {
          ports.schema().verifyTargetTable();
          String script = ports.schema().pendingMigrationScript();
          Optional<String> archiveTable = ports.archive().flatMap(RowArchive::preparationSql);
          return archiveTable
              .map(
                  sql ->
                      script
                          + "\n-- The archive table (Retention.Builder.archive), created when"
                          + " missing; outside the migration history, as its name is a"
                          + " setting.\n"
                          + sql
                          + "\n")
              .orElse(script);
        });
  }

  /**
   * Runs one cleanup now, journaled with the trigger {@code manual}: takes the run lock, deletes
   * every expired row not on legal hold in short batches, and writes one audit row.
   *
   * @return how the run ended; a failed, refused (a guard), interrupted or skipped (another run
   *     holds the lock) run is a report with {@code success() == false}, never an exception
   * @throws SchemaNotMigratedException the library's tables are missing: call {@link #migrate()}
   * @throws RetentionSchemaException the target table or a grant is missing
   * @throws RetentionConfigurationException called inside a host transaction
   * @throws DatabaseUnavailableException the connections a run needs could not be had
   */
  public CleanupReport runNow() {
    return run(request(CleanupTrigger.MANUAL));
  }

  /**
   * Previews a cleanup: per organization what a run now would delete, and whether a guard would
   * refuse it. Deletes nothing, journals nothing and needs no migrated tables.
   *
   * @return a report with status {@code dry_run}; its deleted counts are what would go
   * @throws RetentionSchemaException the target table is missing or misshapen
   * @throws RetentionConfigurationException called inside a host transaction
   * @throws DatabaseUnavailableException no connection could be had
   */
  public CleanupReport preview() {
    return run(request(CleanupTrigger.MANUAL).asDryRun());
  }

  /**
   * The request a run of this instance's settings makes: its policy, guards and batch size. A
   * scheduler adds its stop signal with {@link CleanupRequest#withStopSignal(BooleanSupplier)} and
   * passes the result to {@link #run(CleanupRequest)}.
   *
   * @param trigger why the run happens; journaled
   * @return a real-run request
   */
  public CleanupRequest request(CleanupTrigger trigger) {
    if (trigger == null) {
      throw new RetentionConfigurationException("trigger: a CleanupTrigger is required");
    }
    return new CleanupRequest(
        policy, trigger, false, batchSize, guards, null, Optional.ofNullable(maxDuration));
  }

  /**
   * Runs one cleanup as {@code request} says, with the same checks and promises as {@link
   * #runNow()}; a dry-run request is a {@link #preview()}. For schedulers and hosts that pass their
   * own trigger, stop signal (polled between batches) or policy.
   *
   * @param request what to run; see {@link #request(CleanupTrigger)}
   * @return how the run ended, as from {@link #runNow()}
   * @throws RetentionException as {@link #runNow()} does, before anything is deleted
   */
  public CleanupReport run(CleanupRequest request) {
    if (request == null) {
      throw new RetentionConfigurationException("request: a CleanupRequest is required");
    }
    if (request.dryRun()) {
      return call(
          "previewing a cleanup",
          1,
          () -> {
            preflight(PostgresConnections.Use.PREVIEW);
            return service(ports).runCleanup(request);
          });
    }
    refuseIfReadOnly("a cleanup run");
    if (!runGate.tryLock()) {
      return notStarted(
          request,
          RunStatus.SKIPPED_LOCKED,
          "another cleanup of this Retention is running in this process; skipped");
    }
    try {
      return call(
          "running a cleanup",
          database.connectionsPerRun(),
          () -> {
            preflight(PostgresConnections.Use.CLEANUP);
            return service(portsForThisRun()).runCleanup(request);
          });
    } finally {
      runGate.unlock();
    }
  }

  /**
   * Runs one cleanup as {@link #run(CleanupRequest)} does, for a scheduler, which must see every
   * tick end as a report: what {@code run} would throw before the run begins (the database away,
   * the tables not migrated, a grant missing) becomes a {@code FAILED} report instead, with the
   * exception's message as its error. It is not journaled (the journal is what could not be reached
   * or trusted), but the summary line and the listeners get it, so that a host's metrics and health
   * count the tick as failed. The Quartz scheduler runs a {@code Retention} this way.
   *
   * @param request what to run; see {@link #request(CleanupTrigger)}
   * @return how the run ended, or that it could not begin
   * @throws RetentionConfigurationException {@code request} is null
   */
  public CleanupReport runScheduled(CleanupRequest request) {
    if (request == null) {
      throw new RetentionConfigurationException("request: a CleanupRequest is required");
    }
    try {
      return run(request);
    } catch (RetentionException notBegun) {
      return notStarted(request, RunStatus.FAILED, FailureMessages.sanitize(notBegun.getMessage()));
    }
  }

  /**
   * The newest audit rows, newest first, including those the Python service wrote.
   *
   * @param limit how many, at least 1
   * @return at most {@code limit} rows
   * @throws RetentionConfigurationException {@code limit} is below 1, or called inside a host
   *     transaction
   * @throws SchemaNotMigratedException the library's tables are missing: call {@link #migrate()}
   * @throws RetentionSchemaException a grant is missing
   * @throws DatabaseUnavailableException no connection could be had
   */
  public List<JournalEntry> history(int limit) {
    if (limit < 1) {
      throw new RetentionConfigurationException("limit: must be at least 1, got " + limit);
    }
    return call(
        "reading the cleanup history",
        1,
        () -> {
          preflight(PostgresConnections.Use.READ_JOURNAL);
          return history.recentRuns(limit);
        });
  }

  /**
   * Whether cleanup keeps up: healthy when a successful run finished within {@code maxAge}.
   *
   * @param maxAge how old the last success may be, e.g. 26 hours for a nightly run
   * @return the verdict with the last success and failure
   * @throws RetentionConfigurationException {@code maxAge} is not positive, or called inside a host
   *     transaction
   * @throws SchemaNotMigratedException the library's tables are missing: call {@link #migrate()}
   * @throws RetentionSchemaException a grant is missing
   * @throws DatabaseUnavailableException no connection could be had
   */
  public HealthReport health(Duration maxAge) {
    if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
      throw new RetentionConfigurationException("maxAge: must be positive, got " + maxAge);
    }
    return call(
        "checking cleanup health",
        1,
        () -> {
          preflight(PostgresConnections.Use.READ_JOURNAL);
          return history.checkHealth(maxAge);
        });
  }

  /**
   * The database the builder detected (or was told).
   *
   * @return SQLite or PostgreSQL
   */
  public Database database() {
    return database;
  }

  /**
   * The host's data source this instance works on, as given to {@link #builder(DataSource)}. The
   * clustered scheduler's job store borrows from it too.
   *
   * @return the host's data source, never closed by the library
   */
  public DataSource dataSource() {
    return hostDataSource;
  }

  /**
   * The table this instance cleans.
   *
   * @return its name, {@link #DEFAULT_TABLE} unless the builder named another
   */
  public String table() {
    return table.value();
  }

  /**
   * The guards every real run is checked against before it deletes.
   *
   * @return whether a full wipe is allowed, and the largest share a run may delete
   */
  public CleanupGuards guards() {
    return guards;
  }

  /**
   * The fixed number of rows per batch, if the builder set one.
   *
   * @return the size, empty when the adapter chooses (SQLite adapts it, PostgreSQL uses 20,000)
   */
  public OptionalInt batchSize() {
    return batchSize;
  }

  /**
   * How long a statement waits for another session's lock.
   *
   * @return the lock wait, {@link #DEFAULT_LOCK_WAIT} unless the builder set another
   */
  public Duration lockWait() {
    return lockWait;
  }

  /**
   * How long one statement may run on PostgreSQL (unused on SQLite).
   *
   * @return the statement timeout, {@link #DEFAULT_STATEMENT_TIMEOUT} unless the builder set
   *     another
   */
  public Duration statementTimeout() {
    return statementTimeout;
  }

  /**
   * Whether and how a successful run gives the deleted rows' space back.
   *
   * @return {@code OFF} unless the builder set another mode
   */
  public VacuumMode vacuumAfterRun() {
    return vacuum;
  }

  /**
   * Whether this instance only reads (see {@link Builder#readOnly}).
   *
   * @return true when built read-only
   */
  public boolean isReadOnly() {
    return readOnly;
  }

  /**
   * The clock cutoffs and journal times come from; a scheduler over this instance uses it too.
   *
   * @return the builder's clock, the system's UTC clock by default
   */
  public Clock clock() {
    return clock;
  }

  /**
   * The policy every run applies: default retention, per-organization overrides and legal holds.
   *
   * @return the validated policy
   */
  public RetentionPolicy policy() {
    return policy;
  }

  /** Connections borrowed beyond a reservation so far (zero unless an adapter's needs grew). */
  int overflowBorrows() {
    return connections.overflowBorrows();
  }

  private RunCleanupService service(JdbcRetentionPorts runPorts) {
    return new RunCleanupService(
            runPorts.store(), runPorts.journal(), runPorts.lock(), listener, clock)
        .withStorage(runPorts.storage(), vacuum)
        .withArchive(runPorts.archive().orElse(null));
  }

  /**
   * What must hold before an operation touches anything: the target table as mAI made it, the
   * grants the operation needs (PostgreSQL), and, except for previews, the library's tables.
   */
  private void preflight(PostgresConnections.Use use) throws SQLException {
    ports.schema().verifyTargetTable();
    if (database == Database.POSTGRESQL) {
      requireGrants(use);
    }
    if (readOnly) {
      // An observer of a database the library may never have migrated (the Python service's):
      // the journal is read as it stands, a missing audit table as no runs.
      return;
    }
    if (use == PostgresConnections.Use.READ_JOURNAL) {
      // Every time, and cheap (one catalog query): the tables may have gone since the last check,
      // and reading a missing audit table must say migrate(), not "no runs".
      try {
        ports.schema().verifyJournal();
      } catch (SchemaProblemException missing) {
        throw new SchemaNotMigratedException(
            missing.getMessage() + ": " + Failures.MIGRATE_ADVICE, missing);
      }
    }
    if (use != PostgresConnections.Use.PREVIEW && !migrated) {
      try {
        ports.schema().verify();
      } catch (SchemaProblemException notMigrated) {
        throw new SchemaNotMigratedException(
            "the library's tables in this database are missing or out of date ("
                + notMigrated.getMessage()
                + "): "
                + Failures.MIGRATE_ADVICE,
            notMigrated);
      }
      migrated = true;
    }
  }

  private void refuseIfReadOnly(String what) {
    if (readOnly) {
      throw RetentionConfigurationException.invalid(
          "readOnly",
          "this Retention was built read-only, and "
              + what
              + " writes; build one without readOnly(true) for it. Nothing was changed",
          null);
    }
  }

  private void requireGrants(PostgresConnections.Use use) throws SQLException {
    try (Connection connection = connections.getConnection()) {
      List<PostgresConnections.Grant> missing =
          PostgresConnections.missingGrants(connection, table, use);
      if (missing.isEmpty()) {
        return;
      }
      String role = connection.getMetaData().getUserName();
      throw new RetentionSchemaException(
          "the database role "
              + role
              + " lacks "
              + missing.stream().map(Object::toString).collect(Collectors.joining(", "))
              + ", which "
              + describe(use)
              + " needs; nothing was deleted. Grant it as the tables' owner: "
              + missing.stream().map(grant -> grant.toSql(role)).collect(Collectors.joining("; ")));
    }
  }

  private static String describe(PostgresConnections.Use use) {
    return switch (use) {
      case CLEANUP -> "a cleanup run";
      case PREVIEW -> "a preview";
      case READ_JOURNAL -> "reading the history and health";
    };
  }

  /**
   * The SQLite pacing was measured in WAL mode, where a batch holds out only the host's writers. A
   * database in another journal mode is switched to WAL when allowed; otherwise this run uses
   * shorter batches, and says so.
   */
  private JdbcRetentionPorts portsForThisRun() throws SQLException {
    if (database != Database.SQLITE) {
      return ports;
    }
    try (Connection connection = connections.getConnection()) {
      String mode = SqliteConnections.journalMode(connection);
      if (SqliteConnections.WAL.equals(mode)) {
        return ports;
      }
      if (switchSqliteToWal) {
        String switched;
        try {
          switched = SqliteConnections.switchToWal(connection);
        } catch (SQLException busy) {
          switched = mode;
          RunListeners.LOG.warn(
              "Could not switch the SQLite database to WAL ({}); this run keeps journal mode {}",
              busy.getMessage(),
              mode);
        }
        if (SqliteConnections.WAL.equals(switched)) {
          RunListeners.LOG.info(
              "Switched the SQLite database from journal mode {} to WAL (a setting of the file,"
                  + " kept from now on): batches then hold out only the host's writers, never its"
                  + " readers. Turn this off with Retention.Builder.switchSqliteToWal(false)",
              mode);
          return ports;
        }
        mode = switched;
      }
      RunListeners.LOG.warn(
          "The SQLite database is in journal mode {}, not WAL: every batch's commit also holds"
              + " out the host's readers. This run uses shorter batches (towards {} ms of write"
              + " lock each instead of {} ms, {} ms pauses){}",
          mode,
          ROLLBACK_JOURNAL_BATCH_TARGET.toMillis(),
          SqliteSettings.DEFAULT_BATCH_TARGET.toMillis(),
          SqliteSettings.DEFAULT_PAUSE.toMillis(),
          switchSqliteToWal
              ? ""
              : "; Retention.Builder.switchSqliteToWal(true) would switch the file to WAL");
      JdbcRetentionPorts slower = rollbackJournalPorts;
      if (slower == null) {
        slower = ports(ROLLBACK_JOURNAL_BATCH_TARGET);
        rollbackJournalPorts = slower;
      }
      return slower;
    }
  }

  private JdbcRetentionPorts ports(Duration sqliteBatchTarget) {
    return switch (database) {
      case SQLITE -> {
        SqliteSettings settings =
            SqliteSettings.defaults()
                .withTable(table)
                .withClock(clock)
                .withBatchPacing(sqliteBatchTarget, SqliteSettings.DEFAULT_PAUSE);
        if (batchSize.isPresent()) {
          settings = settings.withDefaultBatchSize(batchSize.getAsInt());
        }
        yield SqliteRetention.create(connections, settings, archive);
      }
      case POSTGRESQL -> {
        PostgresSettings settings =
            PostgresSettings.defaults()
                .withTable(table)
                .withLockWait(lockWait)
                .withStatementTimeout(statementTimeout);
        if (batchSize.isPresent()) {
          settings = settings.withDefaultBatchSize(batchSize.getAsInt());
        }
        yield PostgresRetention.create(connections, settings, archive);
      }
    };
  }

  /**
   * A run that never began (another run of this instance holds the gate, or a check refused it):
   * nothing done, nothing journaled, the listeners told.
   */
  private CleanupReport notStarted(CleanupRequest request, RunStatus status, String why) {
    CleanupReport report =
        new CleanupReport(
            UUID.randomUUID().toString(),
            request.trigger(),
            status,
            request.dryRun() && status != RunStatus.SKIPPED_LOCKED,
            request.policy().criteriaAt(clock.instant()),
            clock.instant(),
            Duration.ZERO,
            0,
            0,
            0,
            OrganizationBreakdown.EMPTY,
            0,
            why);
    listener.runFinished(report);
    return report;
  }

  private <T> T call(String purpose, int connectionsNeeded, HostConnections.Work<T> work) {
    try {
      return connections.withConnections(connectionsNeeded, purpose, work);
    } catch (RuntimeException | SQLException failure) {
      throw Failures.translate(failure, purpose);
    }
  }

  /**
   * Configures a {@link Retention}. Every setting is checked by {@link #build()}, which names the
   * first bad one; nothing touches the database before that but one connection's metadata.
   */
  public static final class Builder {
    private final DataSource dataSource;
    private Database database;
    private Integer retentionDays;
    private Map<String, Integer> tenantRetention = Map.of();
    private Set<String> legalHolds = Set.of();
    private RetentionPolicy policy;
    private String table = DEFAULT_TABLE;
    private OptionalInt batchSize = OptionalInt.empty();
    private boolean allowFullWipe;
    private Double maxDeleteFraction;
    private Clock clock = Clock.systemUTC();
    private final List<CleanupListener> listeners = new java.util.ArrayList<>();
    private Duration lockWait = DEFAULT_LOCK_WAIT;
    private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;
    private boolean switchSqliteToWal = true;
    private boolean readOnly;
    private boolean logSummary = true;
    private VacuumMode vacuum = VacuumMode.OFF;
    private ArchiveTarget archive;
    private Duration maxDuration;

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * Days a row is kept, for every organization without its own retention.
     *
     * @param days 1 to 36,500; default 90
     * @return this builder
     */
    public Builder retentionDays(int days) {
      this.retentionDays = days;
      return this;
    }

    /**
     * Organizations that keep their rows for another number of days than the default.
     *
     * @param daysByOrganization organization id to days (1 to 36,500); ids use {@code A-Z a-z 0-9 .
     *     _ : @ -}, at most 128 characters, and match exactly
     * @return this builder
     */
    public Builder tenantRetention(Map<String, Integer> daysByOrganization) {
      this.tenantRetention = daysByOrganization == null ? Map.of() : daysByOrganization;
      return this;
    }

    /**
     * Organizations on legal hold, whose rows are never deleted.
     *
     * @param organizations organization ids; none may also have its own retention
     * @return this builder
     */
    public Builder legalHolds(Set<String> organizations) {
      this.legalHolds = organizations == null ? Set.of() : organizations;
      return this;
    }

    /**
     * The whole policy at once, for hosts that have one; instead of {@link #retentionDays}, {@link
     * #tenantRetention} and {@link #legalHolds}, not beside them.
     *
     * @param retentionPolicy a validated policy
     * @return this builder
     */
    public Builder policy(RetentionPolicy retentionPolicy) {
      this.policy = retentionPolicy;
      return this;
    }

    /**
     * The table to clean, if not mAI's {@code processed_generations}. It must exist with mAI's
     * columns; it is never created.
     *
     * @param tableName a plain identifier: letters, digits, underscores, at most 63 characters
     * @return this builder
     */
    public Builder table(String tableName) {
      this.table = tableName;
      return this;
    }

    /**
     * A fixed number of rows per delete batch. By default the adapter chooses: on SQLite batches
     * adapt towards 60 ms of write lock each (starting at 5,000 rows), on PostgreSQL 20,000 rows.
     *
     * @param rows 1 to 1,000,000
     * @return this builder
     */
    public Builder batchSize(int rows) {
      this.batchSize = OptionalInt.of(rows);
      return this;
    }

    /**
     * Permits a run that would delete every row of a non-empty table, which is refused by default
     * (almost always a clock or configuration error).
     *
     * @param allow true to permit it
     * @return this builder
     */
    public Builder allowFullWipe(boolean allow) {
      this.allowFullWipe = allow;
      return this;
    }

    /**
     * Refuses a run that would delete more than this share of the table. No limit by default.
     *
     * @param fraction 0 to 1; exactly the limit is allowed
     * @return this builder
     */
    public Builder maxDeleteFraction(double fraction) {
      this.maxDeleteFraction = fraction;
      return this;
    }

    /**
     * The clock cutoffs and journal times come from.
     *
     * @param time the clock; the system's UTC clock by default
     * @return this builder
     */
    public Builder clock(Clock time) {
      this.clock = time;
      return this;
    }

    /**
     * Adds a listener that observes every run (progress, metrics); call it once per listener. Each
     * is called on the thread that runs, in the order added; what one throws is ignored and does
     * not silence the others. The summary log line is written either way (see {@link #logSummary}).
     * A run's start and progress reports have the status {@code RUNNING}; only the report of {@code
     * runFinished} says how it ended.
     *
     * @param runListener the host's listener; null adds nothing
     * @return this builder
     */
    public Builder listener(CleanupListener runListener) {
      if (runListener != null) {
        listeners.add(runListener);
      }
      return this;
    }

    /**
     * How long one statement waits for a lock another session holds: SQLite's busy timeout on each
     * borrowed connection, PostgreSQL's {@code lock_timeout} per transaction.
     *
     * @param wait 1 ms to 1 h; default 10 s
     * @return this builder
     */
    public Builder lockWait(Duration wait) {
      this.lockWait = wait;
      return this;
    }

    /**
     * How long one statement of the library may run on PostgreSQL ({@code statement_timeout}, set
     * per transaction with the lock wait): a statement gone wrong ends instead of holding its
     * locks. Unused on SQLite, whose statements wait for locks only ({@link #lockWait}).
     *
     * @param timeout 1 ms to 24 h; default 5 minutes
     * @return this builder
     */
    public Builder statementTimeout(Duration timeout) {
      this.statementTimeout = timeout;
      return this;
    }

    /**
     * Builds an instance that only reads, for observers of a database (a monitoring process, a role
     * with SELECT only, a file on a read-only mount): {@link #preview()}, {@link #history} and
     * {@link #health} work, read the audit table as it stands (also the Python service's, before
     * any migration; a missing one as no runs) and never require {@link #migrate()}; {@code
     * migrate()} and real runs are refused. Give it a data source that cannot write, and it changes
     * nothing, not even SQLite's journal mode.
     *
     * @param only true for an instance that never writes; default false
     * @return this builder
     */
    public Builder readOnly(boolean only) {
      this.readOnly = only;
      return this;
    }

    /**
     * Whether a SQLite database not in WAL mode is switched to it by the first run (a setting of
     * the file that stays; logged). Default true. When false, or when SQLite refuses, runs keep the
     * file's journal mode with shorter batches and log a warning.
     *
     * @param allowed false to leave the journal mode alone
     * @return this builder
     */
    public Builder switchSqliteToWal(boolean allowed) {
      this.switchSqliteToWal = allowed;
      return this;
    }

    /**
     * Whether every run writes one summary line to the SLF4J logger {@code
     * ai.mai.retention.embedded.Retention} (INFO, WARN when it did not succeed), and a warning when
     * a run finds one a stopped process left unfinished or cannot release its lock. Default true.
     *
     * @param enabled false to rely on a {@link #listener} alone
     * @return this builder
     */
    public Builder logSummary(boolean enabled) {
      this.logSummary = enabled;
      return this;
    }

    /**
     * Whether a successful run gives the space of the rows it deleted back before it releases the
     * run lock; the report and the audit row say how many bytes and how long. Off by default: the
     * space stays in the database, where new rows reuse it.
     *
     * <ul>
     *   <li>{@link VacuumMode#ONLINE}: SQLite {@code PRAGMA incremental_vacuum} in short steps, in
     *       a file whose {@code auto_vacuum} is {@code INCREMENTAL} (otherwise the report says what
     *       it takes); PostgreSQL {@code VACUUM (ANALYZE)} of the table, which needs the table's
     *       owner (or, from PostgreSQL 17, the {@code MAINTAIN} privilege).
     *   <li>{@link VacuumMode#FULL}: SQLite {@code VACUUM}, PostgreSQL {@code VACUUM (FULL,
     *       ANALYZE)}: everything back, but the host's writers (PostgreSQL: also its readers of the
     *       table) wait while it runs, minutes on a large table.
     * </ul>
     *
     * @param mode {@code OFF} (default), {@code ONLINE} or {@code FULL}
     * @return this builder
     */
    public Builder vacuumAfterRun(VacuumMode mode) {
      this.vacuum = mode;
      return this;
    }

    /**
     * Keeps every row a run deletes before deleting it. Off by default.
     *
     * <ul>
     *   <li>{@code ArchiveTarget.file(dir)}: one gzip'd CSV file per run in {@code dir}, {@code
     *       <table>_<cutoff date>_<run id>.csv.gz} with a header naming the columns, and a manifest
     *       beside it once the run ends. Each batch's rows are written, flushed and synced in the
     *       batch's transaction before it commits: a row is never gone from the table before it is
     *       on disk. After a crash the next run's file may repeat rows of the killed batch, never
     *       miss one. The directory must exist and be writable by the host, with room for the run's
     *       rows, or the run refuses before deleting (journaled); a disk that fills mid-run stops
     *       the run between batches.
     *   <li>{@code ArchiveTarget.table(name)}: each batch's statement moves its rows into {@code
     *       name} (the target's columns plus {@code archive_run_id}) in the batch's transaction:
     *       each row there exactly once. {@link #migrate()} creates the table; a run without it
     *       refuses.
     * </ul>
     *
     * @param target where the rows go; null for none
     * @return this builder
     */
    public Builder archive(ArchiveTarget target) {
      this.archive = target;
      return this;
    }

    /**
     * A time budget per run: once it is spent, the run stops between batches, journals itself as a
     * success with a note and the expired rows it left, and the next run goes on from there. A run
     * always deletes one batch. None by default.
     *
     * @param budget 1 s to 30 days; null for none
     * @return this builder
     */
    public Builder maxDuration(Duration budget) {
      this.maxDuration = budget;
      return this;
    }

    /**
     * Names the database instead of detecting it, so that {@link #build()} needs no connection.
     *
     * @param knownDatabase SQLite or PostgreSQL
     * @return this builder
     */
    public Builder database(Database knownDatabase) {
      this.database = knownDatabase;
      return this;
    }

    /**
     * Checks every setting, detects the database from a connection's metadata (unless {@link
     * #database} named it) and, where the pool says how large it may grow, that a run's connections
     * fit in it.
     *
     * @return the configured front door; nothing in the database has changed
     * @throws RetentionConfigurationException a setting is invalid (the message names it), the
     *     database is neither SQLite nor PostgreSQL, or the pool is smaller than a run needs
     * @throws DatabaseUnavailableException no connection could be had to detect the database
     */
    public Retention build() {
      RetentionPolicy effectivePolicy = effectivePolicy();
      TableName tableName = valid("table", () -> TableName.of(table));
      batchSize.ifPresent(rows -> valid("batchSize", () -> BatchSizes.require(rows)));
      guards();
      if (vacuum == null) {
        throw RetentionConfigurationException.invalid(
            "vacuumAfterRun", "a VacuumMode is required (OFF, ONLINE or FULL)", null);
      }
      if (clock == null) {
        throw RetentionConfigurationException.invalid("clock", "a Clock is required", null);
      }
      if (maxDuration != null
          && (maxDuration.compareTo(MIN_MAX_DURATION) < 0
              || maxDuration.compareTo(MAX_MAX_DURATION) > 0)) {
        throw RetentionConfigurationException.invalid(
            "maxDuration", "must be between 1 s and 30 days, got " + maxDuration, null);
      }
      checkArchive(tableName);
      // The bounds are the PostgreSQL adapter's (SQLite's busy timeout takes any of them).
      required("lockWait", lockWait);
      valid("lockWait", () -> PostgresSettings.defaults().withLockWait(lockWait));
      required("statementTimeout", statementTimeout);
      valid(
          "statementTimeout",
          () -> PostgresSettings.defaults().withStatementTimeout(statementTimeout));
      Database detected = database != null ? database : detect();
      OptionalInt poolSize = PoolSize.maximum(dataSource);
      if (poolSize.isPresent() && poolSize.getAsInt() < detected.connectionsPerRun()) {
        throw new RetentionConfigurationException(
            "the DataSource's pool allows at most "
                + poolSize.getAsInt()
                + " connection(s), but a "
                + detected.productName()
                + " cleanup run holds "
                + detected.connectionsPerRun()
                + " at once, all taken before its first delete: raise the pool's maximum size"
                + " (HikariCP: maximumPoolSize) to at least "
                + detected.connectionsPerRun()
                + ", more if the host uses the pool at the same time");
      }
      return new Retention(this, detected, effectivePolicy, tableName);
    }

    /** The archive's table is a plain identifier, none of the library's or the target's. */
    private void checkArchive(TableName target) {
      if (archive == null) {
        return;
      }
      switch (archive.kind()) {
        case FILE -> {
          try {
            java.nio.file.Path.of(archive.location());
          } catch (java.nio.file.InvalidPathException invalid) {
            throw RetentionConfigurationException.invalid(
                "archive",
                archive.location() + " is not a directory path: " + invalid.getMessage(),
                invalid);
          }
        }
        case TABLE -> {
          try {
            TableRowArchive.requireArchiveName(target, TableName.of(archive.location()));
          } catch (IllegalArgumentException invalid) {
            throw RetentionConfigurationException.invalid(
                "archive", "table " + invalid.getMessage(), invalid);
          }
        }
      }
    }

    private RetentionPolicy effectivePolicy() {
      if (policy != null) {
        if (retentionDays != null || !tenantRetention.isEmpty() || !legalHolds.isEmpty()) {
          throw RetentionConfigurationException.invalid(
              "policy",
              "give either a RetentionPolicy or retentionDays/tenantRetention/legalHolds, not both",
              null);
        }
        return policy;
      }
      int days = retentionDays == null ? DEFAULT_RETENTION_DAYS : retentionDays;
      RetentionPolicy base = valid("retentionDays", () -> RetentionPolicy.ofDays(days));
      RetentionPolicy withOverrides =
          valid(
              "tenantRetention",
              () -> {
                Map<OrganizationId, Integer> overrides = new TreeMap<>();
                for (Map.Entry<String, Integer> entry : tenantRetention.entrySet()) {
                  overrides.put(new OrganizationId(entry.getKey()), entry.getValue());
                }
                return base.withTenantDays(overrides);
              });
      Set<OrganizationId> holds =
          valid(
              "legalHolds",
              () -> {
                Set<OrganizationId> held = new TreeSet<>();
                for (String organization : legalHolds) {
                  held.add(new OrganizationId(organization));
                }
                return held;
              });
      return valid("tenantRetention/legalHolds", () -> withOverrides.withLegalHolds(holds));
    }

    /** What {@code check} returns; what it throws for a bad value names {@code setting}. */
    private static <T> T valid(String setting, java.util.function.Supplier<T> check) {
      try {
        return check.get();
      } catch (IllegalArgumentException | NullPointerException invalid) {
        throw RetentionConfigurationException.invalid(
            setting, String.valueOf(invalid.getMessage()), invalid);
      }
    }

    private static void required(String setting, Object value) {
      if (value == null) {
        throw RetentionConfigurationException.invalid(setting, "a value is required", null);
      }
    }

    private CleanupGuards guards() {
      return valid(
          "maxDeleteFraction",
          () -> new CleanupGuards(allowFullWipe, Optional.ofNullable(maxDeleteFraction)));
    }

    private Database detect() {
      String product;
      try (Connection connection = dataSource.getConnection()) {
        product = connection.getMetaData().getDatabaseProductName();
      } catch (SQLException | RuntimeException unavailable) {
        throw new DatabaseUnavailableException(
            "could not connect to detect the database: "
                + unavailable.getMessage()
                + ". Check that it is up and the credentials are right, or name it with"
                + " Retention.Builder.database(...) to build without a connection",
            unavailable);
      }
      return Database.fromProductName(product)
          .orElseThrow(
              () ->
                  new RetentionConfigurationException(
                      "the DataSource connects to "
                          + product
                          + "; mAI Retention cleans SQLite and PostgreSQL databases only"));
    }
  }
}
