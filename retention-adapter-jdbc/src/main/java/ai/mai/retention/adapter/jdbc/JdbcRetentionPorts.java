package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.port.out.CleanupJournal;
import ai.mai.retention.core.port.out.CleanupLock;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import ai.mai.retention.core.port.out.RetentionSchema;
import ai.mai.retention.core.port.out.TableStorage;

/** The out-ports one database adapter provides over one {@code DataSource}. */
public record JdbcRetentionPorts(
    ExpiredRecordStore store,
    CleanupJournal journal,
    CleanupLock lock,
    RetentionSchema schema,
    TableStorage storage) {

  public JdbcRetentionPorts {
    if (store == null || journal == null || lock == null || schema == null || storage == null) {
      throw new IllegalArgumentException("store, journal, lock, schema and storage are required");
    }
  }
}
