package ai.mai.retention.adapter.jdbc;

/** The storage columns of the audit table; SQL in {@code StorageAuditMapper.xml}. */
public interface StorageAuditMapper {

  /** Fills the storage columns of {@code row.runId()}'s audit row; how many rows changed. */
  int updateStorage(StorageAuditRow row);
}
