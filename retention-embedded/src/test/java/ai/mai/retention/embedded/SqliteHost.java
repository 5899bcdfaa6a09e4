package ai.mai.retention.embedded;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.sqlite.SQLiteDataSource;

/** A SQLite file in a temporary directory, as mAI's {@code webui.db} is one. */
final class SqliteHost extends HostDatabase {

  private final Path file;

  SqliteHost(Path directory) {
    this.file = directory.resolve("webui.db");
  }

  @Override
  DataSource admin() {
    SQLiteDataSource dataSource = new SQLiteDataSource();
    dataSource.setUrl(jdbcUrl());
    return dataSource;
  }

  @Override
  Database database() {
    return Database.SQLITE;
  }

  @Override
  String jdbcUrl() {
    return "jdbc:sqlite:" + file;
  }

  String journalMode() {
    return string("PRAGMA journal_mode");
  }
}
