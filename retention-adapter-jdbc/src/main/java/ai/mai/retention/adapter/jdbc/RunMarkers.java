package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.domain.ArchiveReport;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import java.time.Instant;
import org.apache.ibatis.session.SqlSession;

/**
 * The in-flight marker of a run ({@code retention_run}), as the journal inserts it at the start and
 * as both stores' sweeps update it inside each delete batch's transaction: one statement, so the
 * deleted rows and the marker's count of them commit together.
 */
public final class RunMarkers {

  private RunMarkers() {}

  /**
   * Writes {@code progress} to its run's marker in the session's open transaction.
   *
   * @throws IllegalStateException when the marker is gone: another run took the lock over and
   *     journaled this one as interrupted, so the caller must roll the batch back and stop
   */
  public static void checkpoint(SqlSession session, CleanupReport progress) {
    if (session.getMapper(CleanupJournalMapper.class).updateRun(marker(progress)) == 0) {
      throw new IllegalStateException(
          "run "
              + progress.runId()
              + " has no in-flight marker any more (another run took the cleanup lock over and"
              + " journaled it as interrupted); this batch was rolled back, stopping");
    }
  }

  static RunMarkerRow marker(CleanupReport report) {
    Instant updatedAt = report.finishedAt();
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
        BreakdownJson.write(deleted),
        deleted.notSummed(),
        report.archive().flatMap(ArchiveReport::location).orElse(null),
        report.archive().map(ArchiveReport::records).orElse(null));
  }
}
