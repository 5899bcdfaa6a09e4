package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.domain.ArchiveTarget;
import ai.mai.retention.core.port.out.RowArchive;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.ibatis.session.SqlSessionFactory;

/** The archive an adapter's runs keep their deleted rows in, from the setting's value. */
public final class RowArchives {

  private RowArchives() {}

  /**
   * @param target {@code file:<directory>} or {@code table:<name>}; null for none
   * @param table the cleaned table
   * @param ddl how this database creates an archive table
   * @throws IllegalArgumentException for a table name that is no plain identifier, or the target
   *     table itself
   */
  public static Optional<RowArchive> of(
      ArchiveTarget target,
      TableName table,
      SqlSessionFactory sessions,
      DialectTransactions transactions,
      TableRowArchive.Ddl ddl) {
    if (target == null) {
      return Optional.empty();
    }
    return Optional.of(
        switch (target.kind()) {
          case FILE -> new FileRowArchive(Path.of(target.location()), table);
          case TABLE ->
              new TableRowArchive(
                  sessions, transactions, table, TableName.of(target.location()), ddl);
        });
  }
}
