package ai.mai.retention.adapter.jdbc;

/** The audit table's columns of migration V7; SQL in {@code ArchiveAuditMapper.xml}. */
public interface ArchiveAuditMapper {

  /** Fills them in {@code row.runId()}'s audit row; how many rows changed. */
  int updateArchive(ArchiveAuditRow row);
}
