package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.domain.ArchiveTarget;
import ai.mai.retention.core.port.out.ArchiveUnavailableException;
import ai.mai.retention.core.port.out.RowArchive;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * {@code file:<directory>}: each run writes the rows it deletes to one gzip'd CSV file in the
 * directory, {@code <table>_<cutoff date>_<run id>.csv.gz}, and, once it ends, a manifest beside it
 * ({@code .manifest.json}: run, policy, columns, row counts per organization, SHA-256). The same
 * for both databases: the adapters hand each batch's rows over as text.
 *
 * <p>Before a run deletes anything its archive must be usable: the directory exists (it is never
 * created), a file can be written there, and the file system has room for the run's expired rows at
 * {@link #ESTIMATED_BYTES_PER_ROW}; otherwise the run refuses.
 */
public final class FileRowArchive implements RowArchive {

  /**
   * What one row takes in the file, compressed, to check for room before a run: 35 (SQLite) to 42
   * (PostgreSQL) bytes on the benchmarks' rows (random ids, 20 organizations); rounded up for
   * longer ids.
   */
  public static final long ESTIMATED_BYTES_PER_ROW = 64;

  /** Room kept free beyond the estimate, for the manifest and the file system's own needs. */
  static final long RESERVE_BYTES = 1024 * 1024;

  private final ArchiveTarget target;
  private final Path directory;
  private final TableName table;
  private final ArchiveOutput.Opener opener;

  public FileRowArchive(Path directory, TableName table) {
    this(directory, table, ArchiveOutput.FILES);
  }

  /**
   * @param opener how files are created; tests pass one that fails like a full disk
   */
  public FileRowArchive(Path directory, TableName table, ArchiveOutput.Opener opener) {
    if (directory == null || table == null || opener == null) {
      throw new IllegalArgumentException("directory, table and opener are required");
    }
    // Resolved once, so the run's file and manifest are recorded (audit row, report, the killed-run
    // marker the next run recovers from) by a path that holds from any working directory.
    this.directory = directory.toAbsolutePath().normalize();
    this.table = table;
    this.opener = opener;
    this.target = ArchiveTarget.file(directory.toString());
  }

  @Override
  public ArchiveTarget target() {
    return target;
  }

  /** The run's file: {@code processed_generations_2026-08-31_7a9e7cfc-....csv.gz}. */
  public Path fileOf(String runId, java.time.LocalDate cutoffDate) {
    return directory.resolve(fileName(table.value(), cutoffDate, runId));
  }

  /** {@code <table>_<cutoff date>_<run id>.csv.gz}. */
  static String fileName(String table, java.time.LocalDate cutoffDate, String runId) {
    return table + "_" + cutoffDate + "_" + runId + ".csv.gz";
  }

  @Override
  public Writer open(Run run) {
    requireDirectory(run);
    requireRoom(run.expectedRows());
    Path file = fileOf(run.runId(), run.criteria().defaultCutoff().date());
    ArchiveFileWriter writer =
        new ArchiveFileWriter(target, file, ArchiveManifest.beside(file), table, run, opener);
    if (run.expectedRows() > 0) {
      writer.create();
    }
    return writer;
  }

  private void requireDirectory(Run run) {
    if (!Files.exists(directory)) {
      throw new ArchiveUnavailableException(
          "the archive directory "
              + directory.toAbsolutePath()
              + " does not exist (it is never created: make it, writable by this process)");
    }
    if (!Files.isDirectory(directory)) {
      throw new ArchiveUnavailableException(
          "the archive directory " + directory.toAbsolutePath() + " is not a directory");
    }
    // Permissions do not tell (root, read-only mounts, ACLs): try it.
    Path probe = directory.resolve(".mai-retention-write-test-" + run.runId());
    try {
      Files.write(probe, new byte[] {1}, StandardOpenOption.CREATE_NEW);
    } catch (IOException e) {
      throw new ArchiveUnavailableException(
          "the archive directory "
              + directory.toAbsolutePath()
              + " is not writable ("
              + ArchiveFileWriter.describe(e)
              + ")",
          e);
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException ignored) {
        // A leftover probe file of one byte is harmless.
      }
    }
  }

  private void requireRoom(long expectedRows) {
    long usable;
    try {
      usable = Files.getFileStore(directory).getUsableSpace();
    } catch (IOException e) {
      return; // the file system cannot say: the writes will tell
    }
    long needed = expectedRows * ESTIMATED_BYTES_PER_ROW + RESERVE_BYTES;
    if (usable < needed) {
      throw new ArchiveUnavailableException(
          String.format(
              Locale.ROOT,
              "the archive directory %s has %,d bytes free, and this run's %,d rows need about"
                  + " %,d (%d bytes a row compressed, plus %,d to spare): free some space, or"
                  + " archive elsewhere",
              directory.toAbsolutePath(),
              usable,
              expectedRows,
              needed,
              ESTIMATED_BYTES_PER_ROW,
              RESERVE_BYTES));
    }
  }

  /** Makes a new or renamed entry of {@code directory} durable, where the platform allows it. */
  static void syncDirectory(Path directory) {
    if (directory == null) {
      return;
    }
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | RuntimeException unsupported) {
      // Some platforms cannot open or sync a directory; the file's own sync still holds its bytes.
    }
  }
}
