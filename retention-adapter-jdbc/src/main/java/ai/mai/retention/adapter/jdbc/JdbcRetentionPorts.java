package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.port.out.CleanupJournal;
import ai.mai.retention.core.port.out.CleanupLock;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import ai.mai.retention.core.port.out.RowArchive;
import ai.mai.retention.core.port.out.TableStorage;
import java.util.Optional;

/**
 * The out-ports one database adapter provides over one {@code DataSource}.
 *
 * @param archive where runs keep the rows they delete; empty when no archive was configured
 */
public record JdbcRetentionPorts(
    ExpiredRecordStore store,
    CleanupJournal journal,
    CleanupLock lock,
    FlywaySchemaMigrator schema,
    TableStorage storage,
    Optional<RowArchive> archive) {

  public JdbcRetentionPorts {
    if (store == null || journal == null || lock == null || schema == null || storage == null) {
      throw new IllegalArgumentException("store, journal, lock, schema and storage are required");
    }
    if (archive == null) {
      archive = Optional.empty();
    }
  }
}
