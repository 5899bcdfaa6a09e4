package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.domain.ArchiveReport;
import ai.mai.retention.core.domain.CleanupReport;
import org.apache.ibatis.session.SqlSession;

/**
 * Writes where a run's archive went, its note and the expired rows it left into its audit row
 * (migration V7), in the journal's transaction, as {@link StorageAudit} does for the storage.
 */
final class ArchiveAudit {

  private ArchiveAudit() {}

  /** The columns of the audit row just written for {@code finished}. */
  static void record(SqlSession session, CleanupReport finished) {
    session.getMapper(ArchiveAuditMapper.class).updateArchive(row(finished));
  }

  /**
   * The archive of a run found interrupted, as its marker last counted it: its location and the
   * rows of its committed batches (its file may also hold the killed batch's rows); with {@code
   * recovery}, the file's SHA-256 as it stands and a note on its manifest.
   */
  static void recordInterrupted(
      SqlSession session, RunMarkerRow marker, InterruptedArchiveFiles.Recovery recovery) {
    if (marker.archiveLocation() == null) {
      return;
    }
    session
        .getMapper(ArchiveAuditMapper.class)
        .updateArchive(
            new ArchiveAuditRow(
                marker.runId(),
                marker.archiveLocation(),
                marker.archiveRecords(),
                recovery == null ? null : recovery.sha256().orElse(null),
                recovery == null ? null : recovery.note(),
                null));
  }

  static ArchiveAuditRow row(CleanupReport report) {
    ArchiveReport archive = report.archive().orElse(null);
    return new ArchiveAuditRow(
        report.runId(),
        archive == null ? null : archive.location().orElse(archive.target().describe()),
        archive == null ? null : archive.records(),
        archive == null ? null : archive.sha256().orElse(null),
        report.note(),
        report.dryRun() ? null : report.recordsLeft());
  }
}
