package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.domain.ArchiveReport;
import ai.mai.retention.core.domain.ArchiveTarget;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.port.out.ArchiveUnavailableException;
import ai.mai.retention.core.port.out.RowArchive;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * One run's archive file: gzip'd CSV, a header line naming the columns, then the rows of each batch
 * as one gzip member of its own (members simply follow each other; {@code gzip -dc} and Java read
 * them as one stream). Each batch's member is written, flushed and synced inside the batch's
 * transaction, before its commit, so a row is on disk before it is gone from the table.
 *
 * <p>A member per batch makes a batch's bytes removable: a batch whose transaction rolls back (a
 * range that held too many rows, the marker gone, a retry after {@code SQLITE_BUSY}) is cut off the
 * file again, and the SHA-256 is rewound to the last committed batch. Rows made durable by a batch
 * whose commit then failed are kept (the commit may have happened) and counted as unconfirmed.
 * After {@code kill -9} the file ends with at most the killed batch's rows, which the next run
 * archives again when it deletes them: rows may repeat across files, none is missing.
 */
final class ArchiveFileWriter implements RowArchive.Writer {

  /**
   * Level 1: the member is compressed while the batch holds SQLite's write lock. On 1,000,000 rows
   * shaped like the benchmark's (78 MB of CSV, random ids) level 1 gave 47% of the size in 1.0 s,
   * level 6 42% in 2.4 s.
   */
  static final int COMPRESSION_LEVEL = Deflater.BEST_SPEED;

  private static final int BUFFER_BYTES = 64 * 1024;

  /** The column whose values the manifest counts rows by. */
  static final String ORGANIZATION_COLUMN = "client_org_id";

  /** The manifest's name for the file's format. */
  static final String FORMAT = "csv+gzip";

  private final ArchiveTarget target;
  private final Path file;
  private final Path manifest;
  private final TableName table;
  private final RowArchive.Run run;
  private final ArchiveOutput.Opener opener;

  private ArchiveOutput output;
  private MessageDigest digest = sha256();
  private MessageDigest committedDigest = sha256();
  private long length;
  private long committedLength;
  private List<String> columns;
  private int organizationColumn = -1;

  private final Map<String, Long> organizations = new TreeMap<>();
  private final Map<String, Long> batchOrganizations = new HashMap<>();
  private long records;
  private long unconfirmed;
  private long batchRows;
  private Member member;
  private boolean batchDurable;
  private String problem;
  private boolean finished;

  ArchiveFileWriter(
      ArchiveTarget target,
      Path file,
      Path manifest,
      TableName table,
      RowArchive.Run run,
      ArchiveOutput.Opener opener) {
    this.target = target;
    this.file = file;
    this.manifest = manifest;
    this.table = table;
    this.run = run;
    this.opener = opener;
  }

  /** Creates the file now (and makes its directory entry durable), so that a failure refuses. */
  void create() {
    if (output != null) {
      return;
    }
    try {
      output = opener.create(file);
    } catch (IOException e) {
      throw new ArchiveUnavailableException(
          "cannot create the archive file " + file + ": " + describe(e), e);
    }
    FileRowArchive.syncDirectory(file.getParent());
  }

  @Override
  public String runId() {
    return run.runId();
  }

  @Override
  public Optional<String> table() {
    return Optional.empty();
  }

  @Override
  public RowArchive.RowSink startBatch(List<String> batchColumns) {
    create();
    discardUncommitted();
    if (columns == null) {
      columns = List.copyOf(batchColumns);
      organizationColumn = organizationColumn(columns);
    } else if (!columns.equals(batchColumns)) {
      throw new ArchiveUnavailableException(
          "the table's columns changed during the run (" + columns + " -> " + batchColumns + ")");
    }
    return this::row;
  }

  private void row(String[] values) {
    try {
      if (member == null) {
        if (committedLength == 0 && length == 0) {
          // The header, in the first batch's bytes: a file cut back to nothing loses it too.
          writeMember(CsvLines.line(columns.toArray(String[]::new)));
        }
        member = new Member(new ChannelStream());
      }
      member.write(CsvLines.line(values).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw writeFailed(e);
    }
    batchRows++;
    String organization =
        organizationColumn < 0 || values[organizationColumn] == null
            ? OrganizationBreakdown.NO_ORGANIZATION
            : values[organizationColumn];
    batchOrganizations.merge(organization, 1L, Long::sum);
  }

  private void writeMember(String text) throws IOException {
    Member header = new Member(new ChannelStream());
    header.write(text.getBytes(StandardCharsets.UTF_8));
    header.close();
  }

  @Override
  public void makeDurable() {
    if (member == null && length == committedLength) {
      return; // nothing of this batch was written
    }
    try {
      if (member != null) {
        member.close();
        member = null;
      }
      output.sync();
    } catch (IOException e) {
      throw writeFailed(e);
    }
    batchDurable = true;
  }

  @Override
  public void batchCommitted(long rows) {
    if (rows != batchRows) {
      addProblem(
          "a batch deleted " + rows + " rows but handed " + batchRows + " to the archive file");
    }
    if (member != null) {
      // Committed without makeDurable: cannot happen through a store; keep the file consistent.
      discardUncommitted();
      return;
    }
    keepBatch();
    records += batchRows;
    batchRows = 0;
  }

  @Override
  public void batchFailed() {
    if (batchDurable && member == null) {
      // Synced before a commit that failed: the commit may still have happened. Keep the rows.
      keepBatch();
      unconfirmed += batchRows;
      batchRows = 0;
    } else {
      discardUncommitted();
    }
  }

  private void keepBatch() {
    committedLength = length;
    committedDigest = copy(digest);
    batchOrganizations.forEach((org, count) -> organizations.merge(org, count, Long::sum));
    batchOrganizations.clear();
    batchDurable = false;
  }

  /** Cuts off what the current batch wrote; the file and its checksum are the committed ones. */
  private void discardUncommitted() {
    if (member != null) {
      member.abandon();
      member = null;
    }
    batchOrganizations.clear();
    batchRows = 0;
    batchDurable = false;
    if (length == committedLength) {
      return;
    }
    try {
      output.truncate(committedLength);
      length = committedLength;
      digest = copy(committedDigest);
    } catch (IOException e) {
      // The file keeps rows of a batch that did not commit: they stay in the table, and the next
      // run archives them again. Nothing is lost; say so.
      addProblem(
          "could not cut a rolled-back batch off "
              + file.getFileName()
              + " ("
              + describe(e)
              + "): its rows are in the file and still in the table");
      committedLength = length;
      committedDigest = copy(digest);
    }
  }

  @Override
  public ArchiveReport progress(long pendingRows) {
    return report(records + pendingRows, Optional.empty(), Optional.empty());
  }

  @Override
  public ArchiveReport finish(CleanupReport report) {
    if (finished) {
      return report(records, Optional.empty(), Optional.empty());
    }
    finished = true;
    discardUncommitted();
    if (output == null) {
      return ArchiveReport.empty(target, problem);
    }
    closeOutput();
    if (committedLength == 0) {
      // Not a row was archived (nothing committed): an empty file helps no one.
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        addProblem("could not remove the empty archive file " + file + ": " + describe(e));
      }
      return ArchiveReport.empty(target, problem);
    }
    String checksum = HexFormat.of().formatHex(copy(committedDigest).digest());
    Optional<String> manifestPath = Optional.empty();
    try {
      writeManifest(report, checksum);
      manifestPath = Optional.of(manifest.toString());
    } catch (IOException e) {
      addProblem("the manifest " + manifest + " could not be written: " + describe(e));
    }
    return report(records, Optional.of(checksum), manifestPath);
  }

  private ArchiveReport report(
      long recordCount, Optional<String> checksum, Optional<String> manifestPath) {
    return new ArchiveReport(
        target,
        output == null ? Optional.empty() : Optional.of(location()),
        recordCount,
        unconfirmed,
        checksum,
        manifestPath,
        Optional.ofNullable(problem));
  }

  String location() {
    return "file:" + file;
  }

  /**
   * {@code {"run_id":..., "table":..., "file":..., "format":"csv+gzip", "columns":[...],
   * "cutoff_date":..., "cutoff_timestamp":n, "retention_policy":..., "status":..., "records":n,
   * "unconfirmed_records":n, "organizations":{org:n}, "bytes":n, "sha256":...}}, written beside the
   * file (to a temporary name, synced, then renamed over).
   */
  private void writeManifest(CleanupReport report, String checksum) throws IOException {
    new ArchiveManifest()
        .text("run_id", run.runId())
        .text("table", table.value())
        .text("file", file.getFileName().toString())
        .text("format", FORMAT)
        .array("columns", columns)
        .text("cutoff_date", report.cutoff().date().toString())
        .number("cutoff_timestamp", report.cutoff().epochSecond())
        .text("retention_policy", report.criteria().describe())
        .text("started_at", report.startedAt().toString())
        .text("status", report.status().label())
        .number("records", records)
        .number("unconfirmed_records", unconfirmed)
        .counts("organizations", organizations)
        .number("bytes", committedLength)
        .text("sha256", checksum)
        .write(manifest);
  }

  @Override
  public void close() {
    if (member != null) {
      member.abandon();
      member = null;
    }
    closeOutput();
  }

  private void closeOutput() {
    if (output == null) {
      return;
    }
    try {
      output.close();
    } catch (IOException e) {
      addProblem("closing " + file + " failed: " + describe(e));
    }
  }

  private ArchiveUnavailableException writeFailed(IOException e) {
    return new ArchiveUnavailableException(
        "writing the archive file "
            + file
            + " failed ("
            + describe(e)
            + "); this batch was rolled back and its rows stay in the table",
        e);
  }

  private void addProblem(String text) {
    problem = problem == null ? text : problem + "; " + text;
  }

  static String describe(IOException e) {
    String message = e.getMessage();
    String type = e.getClass().getSimpleName();
    return message == null ? type : type + ": " + message;
  }

  /** Where {@link #ORGANIZATION_COLUMN} is among {@code columns}; -1 when it is not. */
  static int organizationColumn(List<String> columns) {
    int found = -1;
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).equalsIgnoreCase(ORGANIZATION_COLUMN)) {
        found = i;
      }
    }
    return found;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  private static MessageDigest copy(MessageDigest digest) {
    try {
      return (MessageDigest) digest.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("this JVM's SHA-256 cannot be copied", e);
    }
  }

  /** Bytes on their way to the file: counted, hashed and written at its end. */
  private final class ChannelStream extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int count) throws IOException {
      output.write(ByteBuffer.wrap(bytes, offset, count));
      digest.update(bytes, offset, count);
      length += count;
    }

    @Override
    public void close() {
      // The file stays open for the next batch.
    }
  }

  /** One gzip member: compressed into a buffer, written on {@link #close()} or when full. */
  private static final class Member {
    private final Gzip gzip;

    Member(OutputStream file) throws IOException {
      this.gzip = new Gzip(new BufferedOutputStream(file, BUFFER_BYTES));
    }

    void write(byte[] bytes) throws IOException {
      gzip.write(bytes);
    }

    /** Ends the member and writes what is buffered. */
    void close() throws IOException {
      gzip.close();
    }

    /** Drops the member without writing what is buffered (its batch rolled back). */
    void abandon() {
      gzip.abandon();
    }
  }

  private static final class Gzip extends GZIPOutputStream {
    Gzip(OutputStream out) throws IOException {
      super(out, BUFFER_BYTES);
      def.setLevel(COMPRESSION_LEVEL);
    }

    void abandon() {
      def.end();
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "archive file %s (%,d rows)", file, records);
  }
}
