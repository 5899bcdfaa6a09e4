package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.port.out.CleanupJournal;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * The run journal over {@code processed_generation_cleanup_log} (one audit row per finished real
 * run, in the Python service's columns plus the added ones) and {@code retention_run} (one marker
 * per run in flight). Each call is its own short transaction. The marker's progress is written by
 * the stores' sweeps through {@link RunMarkers}, in each batch's transaction.
 */
public final class MyBatisCleanupJournal implements CleanupJournal {

  static final TableName AUDIT_TABLE = TableName.of("processed_generation_cleanup_log");

  /** The Python service's columns: every audit table has them. */
  private static final String PYTHON_COLUMNS =
      "id, cleanup_date, cutoff_date, days_retained, records_before, records_deleted,"
          + " records_remaining, old_tokens_removed, old_cost_removed, storage_saved_kb,"
          + " cleanup_duration_seconds, success, error_message, created_at";

  /** The library's columns that reads show, each with the name the result map reads it by. */
  private static final Map<String, String> LIBRARY_COLUMNS = libraryColumns();

  private static Map<String, String> libraryColumns() {
    Map<String, String> columns = new LinkedHashMap<>();
    for (String column :
        List.of(
            "run_id",
            "trigger",
            "status",
            "batches",
            "retention_policy",
            "records_not_summed",
            "archive_location",
            "archive_records",
            "note",
            "records_left",
            "storage_bytes_before",
            "storage_bytes_after",
            "vacuum_bytes_returned",
            "vacuum_seconds",
            "storage_details")) {
      // "trigger" is read as run_trigger, as the result map names it; the rest by their own name.
      columns.put(column, "trigger".equals(column) ? "run_trigger" : column);
    }
    return java.util.Collections.unmodifiableMap(columns);
  }

  /** The select list of an audit table that has every library column. */
  private static final String MIGRATED_COLUMNS = selectList(LIBRARY_COLUMNS.keySet());

  private final SqlSessionFactory sessions;
  private final DialectTransactions transactions;

  /**
   * Once every library column was seen, reads use {@link #MIGRATED_COLUMNS} without asking the
   * catalog again: migrations never remove one.
   */
  private volatile boolean fullyMigrated;

  /**
   * @param sessions a factory from {@link RetentionSessions#create}, which loads this journal's
   *     mapper
   * @param transactions how this database's transactions begin and end
   */
  public MyBatisCleanupJournal(SqlSessionFactory sessions, DialectTransactions transactions) {
    if (sessions == null || transactions == null) {
      throw new IllegalArgumentException("sessions and transactions are required");
    }
    this.sessions = sessions;
    this.transactions = transactions;
  }

  /**
   * Before the marker, proves in the same transaction that the audit table takes the rows this run
   * may end with (a success and a failure), by inserting them inside a savepoint rolled back at
   * once. An audit table that refuses them (a column added with {@code NOT NULL}, a trigger that
   * aborts inserts) fails the start: nothing is deleted and no marker is left to block the next
   * run. The trial leaves no row; on PostgreSQL it uses up two values of the id sequence.
   */
  @Override
  public void recordStart(CleanupReport started) {
    if (started.dryRun()) {
      return;
    }
    transactions.write(
        sessions,
        "journaling the start of run " + started.runId(),
        session -> {
          CleanupJournalMapper mapper = session.getMapper(CleanupJournalMapper.class);
          tryAuditRows(session, mapper, started);
          mapper.insertRun(RunMarkers.marker(started));
          return null;
        });
  }

  private static final String TRIAL_SAVEPOINT = "retention_audit_trial";

  private static void tryAuditRows(
      SqlSession session, CleanupJournalMapper mapper, CleanupReport started) {
    CleanupLogRow success = logRow(started.withOutcome(RunStatus.SUCCEEDED, null));
    CleanupLogRow failure =
        logRow(
            started.withOutcome(
                RunStatus.FAILED, "trial of the audit row this run would write if it failed"));
    execute(session, "SAVEPOINT " + TRIAL_SAVEPOINT);
    try {
      mapper.insertLogRow(success);
      mapper.insertLogRow(failure);
    } catch (RuntimeException refused) {
      throw new IllegalStateException(
          "the audit table processed_generation_cleanup_log does not take this run's row ("
              + rootMessage(refused)
              + "); fix the table (a column or trigger added to it?) and run again",
          refused);
    }
    execute(session, "ROLLBACK TO SAVEPOINT " + TRIAL_SAVEPOINT);
    execute(session, "RELEASE SAVEPOINT " + TRIAL_SAVEPOINT);
  }

  private static void execute(SqlSession session, String sql) {
    try (java.sql.Statement statement = session.getConnection().createStatement()) {
      statement.execute(sql);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
    }
  }

  /** The database's own words, without MyBatis' statement dump around them. */
  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage()).strip();
  }

  @Override
  public void recordFinish(CleanupReport finished) {
    if (finished.dryRun()) {
      return; // dry runs are never audit rows
    }
    CleanupLogRow row = logRow(finished);
    transactions.write(
        sessions,
        "journaling run " + finished.runId(),
        session -> {
          CleanupJournalMapper mapper = session.getMapper(CleanupJournalMapper.class);
          // A run that outlived its lease may have been journaled as interrupted by the run that
          // took the lock over. One audit row per run: this run's own account replaces that one.
          if (mapper.updateLogRow(row) == 0) {
            mapper.insertLogRow(row);
          }
          StorageAudit.record(session, finished);
          ArchiveAudit.record(session, finished);
          mapper.deleteRun(finished.runId());
          return null;
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>A killed run that archived to a file gets the manifest it never wrote ({@link
   * InterruptedArchiveFiles}) first, outside any transaction (reading a large file must not hold
   * SQLite's write lock), and then its audit row, which records the file's SHA-256 and what became
   * of the manifest in {@code note}. In this order a crash in between leaves the marker, and the
   * next run writes the manifest again.
   */
  @Override
  public List<JournalEntry> closeInterruptedRuns(Instant now) {
    Map<String, ArchiveRecovery> recovered = recoverArchiveFiles(now);
    return transactions.write(
        sessions,
        "journaling runs left in flight",
        session -> {
          List<JournalEntry> closed = new ArrayList<>();
          CleanupJournalMapper mapper = session.getMapper(CleanupJournalMapper.class);
          for (RunMarkerRow marker : mapper.selectRuns()) {
            mapper.deleteRun(marker.runId());
            if (!mapper.selectByRunId(marker.runId(), MIGRATED_COLUMNS).isEmpty()) {
              // A stale marker of a run that has its audit row already (an older version wrote
              // progress after it had lost its lock): nothing was left unjournaled.
              continue;
            }
            mapper.insertLogRow(interruptedRow(marker, now));
            ArchiveRecovery recovery = recovered.get(marker.runId());
            ArchiveAudit.recordInterrupted(
                session,
                marker,
                recovery == null || recovery.updatedAt() != marker.updatedAt()
                    ? null
                    : recovery.recovery());
            mapper.selectByRunId(marker.runId(), MIGRATED_COLUMNS).stream()
                .findFirst()
                .map(StoredLogRows::entry)
                .ifPresent(closed::add);
          }
          return closed;
        });
  }

  /** A killed run's file recovered from its marker as last updated at {@code updatedAt}. */
  private record ArchiveRecovery(long updatedAt, InterruptedArchiveFiles.Recovery recovery) {}

  /**
   * The manifests of the files of runs left in flight. A marker updated after it was read here
   * belongs to a run still going (one that outlived its lock's lease): its own end writes its
   * manifest and audit row over these, so its recovery is not recorded. Reading the markers may
   * fail like any read; then the transaction after it tells, and no file is touched.
   */
  private Map<String, ArchiveRecovery> recoverArchiveFiles(Instant now) {
    List<RunMarkerRow> markers;
    try {
      markers =
          transactions.read(
              sessions,
              "reading runs left in flight",
              session -> {
                CleanupJournalMapper mapper = session.getMapper(CleanupJournalMapper.class);
                return mapper.selectRuns().stream()
                    .filter(marker -> marker.archiveLocation() != null)
                    .filter(
                        marker -> mapper.selectByRunId(marker.runId(), MIGRATED_COLUMNS).isEmpty())
                    .toList();
              });
    } catch (RuntimeException unreadable) {
      return Map.of();
    }
    Map<String, ArchiveRecovery> recovered = new HashMap<>();
    for (RunMarkerRow marker : markers) {
      InterruptedArchiveFiles.recover(marker, now)
          .ifPresent(
              recovery ->
                  recovered.put(marker.runId(), new ArchiveRecovery(marker.updatedAt(), recovery)));
    }
    return recovered;
  }

  @Override
  public List<JournalEntry> recentRuns(int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return transactions.read(
        sessions,
        "reading the cleanup history",
        session ->
            selectList(session)
                .map(
                    columns ->
                        session
                            .getMapper(CleanupJournalMapper.class)
                            .selectRecent(columns, limit)
                            .stream()
                            .map(StoredLogRows::entry)
                            .toList())
                .orElse(List.of()));
  }

  @Override
  public Optional<JournalEntry> lastSuccessfulRun() {
    return latest(true);
  }

  @Override
  public Optional<JournalEntry> lastFailedRun() {
    return latest(false);
  }

  private Optional<JournalEntry> latest(boolean success) {
    return transactions.read(
        sessions,
        "reading the cleanup history",
        session ->
            selectList(session)
                .flatMap(
                    columns ->
                        session
                            .getMapper(CleanupJournalMapper.class)
                            .selectLatest(columns, success)
                            .stream()
                            .findFirst())
                .map(StoredLogRows::entry));
  }

  /**
   * Health and history only read, and never migrate: on a database the Python service left (or an
   * older version migrated) they read the columns that are there, the missing ones as NULL. Empty
   * when there is no audit table at all: nothing was ever journaled. One catalog query per read
   * until every column is seen.
   */
  private Optional<String> selectList(SqlSession session) {
    if (fullyMigrated) {
      return Optional.of(MIGRATED_COLUMNS);
    }
    Optional<Set<String>> present;
    try {
      present = TargetTableCheck.columnNames(session.getConnection(), AUDIT_TABLE);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the structure of " + AUDIT_TABLE.value(), e);
    }
    if (present.isEmpty()) {
      return Optional.empty();
    }
    if (present.get().containsAll(LIBRARY_COLUMNS.keySet())) {
      fullyMigrated = true;
      return Optional.of(MIGRATED_COLUMNS);
    }
    return Optional.of(selectList(present.get()));
  }

  /** The Python service's columns, then each library column {@code present} has, the rest NULL. */
  private static String selectList(Set<String> present) {
    StringBuilder columns = new StringBuilder(PYTHON_COLUMNS);
    for (Map.Entry<String, String> column : LIBRARY_COLUMNS.entrySet()) {
      if (present.contains(column.getKey())) {
        // Quoted: "trigger" is a keyword in both databases.
        columns.append(", \"").append(column.getKey()).append("\" AS ").append(column.getValue());
      } else {
        columns.append(", NULL AS ").append(column.getValue());
      }
    }
    return columns.toString();
  }

  static CleanupLogRow logRow(CleanupReport report) {
    if (!report.status().isOutcome()) {
      // A progress report says how far a run got, not how it ended: never an audit row.
      throw new IllegalArgumentException(
          "run " + report.runId() + " is still " + report.status().label() + "; not journaled");
    }
    Instant finishedAt = report.finishedAt();
    return new CleanupLogRow(
        0,
        utcDate(report.startedAt()),
        report.cutoff().date(),
        report.criteria().defaultDays(),
        report.recordsBefore(),
        report.recordsDeleted(),
        report.recordsRemaining(),
        report.tokensRemoved(),
        report.costRemoved().doubleValue(),
        report.storageSavedKb(),
        report.durationSeconds(),
        report.success(),
        report.error(),
        finishedAt.getEpochSecond(),
        report.runId(),
        report.trigger().label(),
        report.status().label(),
        report.batches(),
        report.criteria().describe(),
        BreakdownJson.write(report.deleted()),
        report.recordsNotSummed());
  }

  /** The audit row of a run whose process stopped: its last checkpoint, marked as a failure. */
  static CleanupLogRow interruptedRow(RunMarkerRow marker, Instant now) {
    Instant startedAt = Instant.ofEpochMilli(marker.startedAt());
    Instant lastSeen = Instant.ofEpochMilli(marker.updatedAt());
    long deleted = marker.recordsDeleted();
    return new CleanupLogRow(
        0,
        utcDate(startedAt),
        marker.cutoffDate(),
        marker.daysRetained(),
        marker.recordsBefore(),
        deleted,
        Math.max(0, marker.recordsBefore() - deleted),
        marker.tokens(),
        new BigDecimal(marker.cost()).doubleValue(),
        deleted * (double) CleanupReport.ESTIMATED_BYTES_PER_ROW / 1024,
        (marker.updatedAt() - marker.startedAt()) / 1000.0,
        false,
        "interrupted: the run stopped without finishing (its process died or was killed);"
            + " last progress at "
            + lastSeen
            + ", found at "
            + now
            + "; "
            + deleted
            + " rows deleted before it stopped stay deleted",
        lastSeen.getEpochSecond(),
        marker.runId(),
        marker.trigger(),
        RunStatus.INTERRUPTED.label(),
        marker.batches(),
        marker.retentionPolicy(),
        marker.organizationBreakdown(),
        marker.recordsNotSummed());
  }

  private static LocalDate utcDate(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC);
  }
}
