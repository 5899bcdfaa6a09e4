package ai.mai.retention.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.adapter.jdbc.ArchiveOutput;
import ai.mai.retention.adapter.jdbc.FileRowArchive;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.contract.FillingDisk;
import ai.mai.retention.core.contract.JdbcTestDatabase;
import ai.mai.retention.core.contract.RowArchiveContract;
import ai.mai.retention.core.domain.ArchiveTarget;
import ai.mai.retention.core.port.out.RowArchive;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

class PostgresRowArchiveTest extends RowArchiveContract {

  private PostgresTestDatabase postgres;

  @Override
  protected JdbcTestDatabase openDatabase() {
    postgres = PostgresTestDatabase.create();
    return postgres;
  }

  @Override
  protected RowArchive fileArchive(Path archiveDirectory) {
    return new FileRowArchive(archiveDirectory, TableName.DEFAULT);
  }

  @Override
  protected RowArchive fileArchiveFailingAfter(Path archiveDirectory, long bytes) {
    return new FileRowArchive(
        archiveDirectory,
        TableName.DEFAULT,
        path -> ArchiveOutput.of(FillingDisk.create(path, bytes)));
  }

  @Override
  protected RowArchive tableArchive(String table) {
    RowArchive archive =
        PostgresRetention.create(
                postgres.dataSource, PostgresSettings.defaults(), ArchiveTarget.table(table))
            .archive()
            .orElseThrow();
    archive.prepare();
    return archive;
  }

  /** As the README shows it, with psql's {@code \copy} (the client reads the file). */
  @Override
  protected void loadBack(Path archiveFile) throws Exception {
    Process psql =
        new ProcessBuilder(
                "psql",
                "-X",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "localhost",
                "-p",
                Integer.toString(EmbeddedPostgresServer.server().getPort()),
                "-U",
                "postgres",
                "-d",
                postgres.name,
                "-c",
                "\\copy processed_generations FROM PROGRAM 'gzip -dc "
                    + archiveFile
                    + "' WITH (FORMAT csv, HEADER true)")
            .redirectErrorStream(true)
            .start();
    assertThat(psql.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(psql.getInputStream().readAllBytes());
    assertThat(psql.exitValue()).as(output).isZero();
    assertThat(output).startsWith("COPY ");
  }
}
