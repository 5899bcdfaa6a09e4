package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.port.out.CleanupJournal;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * The run journal over {@code processed_generation_cleanup_log} (one audit row per finished real
 * run, in the Python service's columns plus the added ones) and {@code retention_run} (one marker
 * per run in flight). Each call is its own short transaction.
 */
public final class MyBatisCleanupJournal implements CleanupJournal {

  private final SqlSessionFactory sessions;

  /** A factory from {@link RetentionSessions#create}, which loads this journal's mapper. */
  public MyBatisCleanupJournal(SqlSessionFactory sessions) {
    if (sessions == null) {
      throw new IllegalArgumentException("sessions are required");
    }
    this.sessions = sessions;
  }

  @Override
  public void recordStart(CleanupReport started) {
    if (started.dryRun()) {
      return;
    }
    try (SqlSession session = sessions.openSession(false)) {
      session.getMapper(CleanupJournalMapper.class).insertRun(marker(started));
      session.commit();
    }
  }

  @Override
  public void recordProgress(CleanupReport progress) {
    if (progress.dryRun()) {
      return;
    }
    try (SqlSession session = sessions.openSession(false)) {
      CleanupJournalMapper mapper = session.getMapper(CleanupJournalMapper.class);
      RunMarkerRow marker = marker(progress);
      if (mapper.updateRun(marker) == 0) {
        // Progress without a start (a caller that skipped recordStart): still leave a trace.
        mapper.insertRun(marker);
      }
      session.commit();
    }
  }

  @Override
  public void recordFinish(CleanupReport finished) {
    if (finished.dryRun()) {
      return; // dry runs are never audit rows
    }
    try (SqlSession session = sessions.openSession(false)) {
      CleanupJournalMapper mapper = session.getMapper(CleanupJournalMapper.class);
      CleanupLogRow row = logRow(finished);
      // A run that outlived its lease may have been journaled as interrupted by the run that took
      // the lock over. One audit row per run: this run's own account replaces that one.
      if (mapper.updateLogRow(row) == 0) {
        mapper.insertLogRow(row);
      }
      StorageAudit.record(session, finished);
      mapper.deleteRun(finished.runId());
      session.commit();
    }
  }

  @Override
  public List<JournalEntry> closeInterruptedRuns(Instant now) {
    List<JournalEntry> closed = new ArrayList<>();
    try (SqlSession session = sessions.openSession(false)) {
      CleanupJournalMapper mapper = session.getMapper(CleanupJournalMapper.class);
      for (RunMarkerRow marker : mapper.selectRuns()) {
        mapper.deleteRun(marker.runId());
        if (!mapper.selectByRunId(marker.runId()).isEmpty()) {
          // A stale marker of a run that has its audit row already (it wrote progress after it
          // had lost its lock): nothing was left unjournaled.
          continue;
        }
        mapper.insertLogRow(interruptedRow(marker, now));
        mapper.selectByRunId(marker.runId()).stream()
            .findFirst()
            .map(MyBatisCleanupJournal::entry)
            .ifPresent(closed::add);
      }
      session.commit();
    }
    return closed;
  }

  @Override
  public List<JournalEntry> recentRuns(int limit) {
    if (limit <= 0) {
      return List.of();
    }
    try (SqlSession session = sessions.openSession()) {
      return session.getMapper(CleanupJournalMapper.class).selectRecent(limit).stream()
          .map(MyBatisCleanupJournal::entry)
          .toList();
    }
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
    try (SqlSession session = sessions.openSession()) {
      return session.getMapper(CleanupJournalMapper.class).selectLatest(success).stream()
          .findFirst()
          .map(MyBatisCleanupJournal::entry);
    }
  }

  static RunMarkerRow marker(CleanupReport report) {
    Instant updatedAt = report.startedAt().plus(report.duration());
    OrganizationBreakdown deleted = report.deleted();
    return new RunMarkerRow(
        report.runId(),
        report.trigger().label(),
        report.startedAt().toEpochMilli(),
        updatedAt.toEpochMilli(),
        report.criteria().defaultDays(),
        report.cutoff().date(),
        report.recordsBefore(),
        deleted.records(),
        deleted.tokens(),
        deleted.cost().toPlainString(),
        report.batches(),
        report.criteria().describe(),
        BreakdownJson.write(deleted));
  }

  static CleanupLogRow logRow(CleanupReport report) {
    Instant finishedAt = report.startedAt().plus(report.duration());
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
        BreakdownJson.write(report.deleted()));
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
        marker.organizationBreakdown());
  }

  static JournalEntry entry(CleanupLogRow row) {
    return new JournalEntry(
        row.id(),
        row.cleanupDate(),
        row.cutoffDate(),
        row.daysRetained(),
        row.recordsBefore(),
        row.recordsDeleted(),
        row.recordsRemaining(),
        row.oldTokensRemoved(),
        row.oldCostRemoved() == null ? null : BigDecimal.valueOf(row.oldCostRemoved()),
        row.storageSavedKb(),
        row.cleanupDurationSeconds(),
        row.success(),
        row.errorMessage(),
        Instant.ofEpochSecond(row.createdAt()),
        row.runId(),
        row.trigger(),
        row.status(),
        row.batches(),
        row.retentionPolicy());
  }

  private static LocalDate utcDate(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC);
  }
}
