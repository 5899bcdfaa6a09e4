package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.domain.Cutoff;
import ai.mai.retention.core.domain.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manifest a killed run's archive file never got, written by the run that finds the killed one
 * in flight ({@link MyBatisCleanupJournal#closeInterruptedRuns}): beside the file, named as a
 * finished run's manifest, {@link ArchiveManifest#write written the same atomic way}, with status
 * {@code interrupted}.
 *
 * <p>What it knows comes from two places. The run's marker ({@code retention_run}) gives its id,
 * start, default retention and cutoff date, policy, and the rows of its committed batches ({@code
 * records}: its batches and its marker commit together, so these rows are deleted). The file, read
 * as it stands ({@link ArchiveFileContents}), gives the columns, the rows it actually holds and per
 * organization, its size and SHA-256. A file may hold more rows than the marker confirms: those of
 * the batch in flight when the run was killed, made durable before a commit that never came ({@code
 * unconfirmed_records}; they stayed in the table, and the run that deletes them archives them
 * again). A last gzip member cut short by the kill is reported ({@code tail_damaged}) and its rows
 * not counted; the archive file itself is never changed.
 *
 * <p>Nothing here may stop a cleanup: whatever fails (the file gone, the directory read-only) is a
 * warning in the log and a sentence in the interrupted run's audit row ({@code note}).
 */
final class InterruptedArchiveFiles {

  private static final Logger LOG = LoggerFactory.getLogger(InterruptedArchiveFiles.class);

  private static final String FILE_PREFIX = "file:";

  /**
   * What became of one killed run's file.
   *
   * @param sha256 the file's SHA-256 as it stands, when it could be read
   * @param note one sentence for the audit row's {@code note}: the manifest written and what the
   *     file holds, or why there is none
   */
  record Recovery(Optional<String> sha256, String note) {}

  private InterruptedArchiveFiles() {}

  /**
   * Writes the manifest of {@code marker}'s archive file, if the run archived to a file; empty for
   * runs without one (no archive, an archive table, or killed before a batch committed). Never
   * throws.
   */
  static Optional<Recovery> recover(RunMarkerRow marker, Instant now) {
    String location = marker.archiveLocation();
    if (location == null || !location.startsWith(FILE_PREFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(recover(marker, Path.of(location.substring(FILE_PREFIX.length())), now));
    } catch (RuntimeException unexpected) {
      LOG.warn(
          "Could not write the manifest of interrupted run {}'s archive {}",
          marker.runId(),
          location,
          unexpected);
      return Optional.of(
          new Recovery(
              Optional.empty(),
              "archive: no manifest was written for " + location + " (" + unexpected + ")"));
    }
  }

  private static Recovery recover(RunMarkerRow marker, Path file, Instant now) {
    if (!Files.isRegularFile(file)) {
      LOG.warn(
          "The archive file {} of interrupted run {} is not there; no manifest written",
          file,
          marker.runId());
      return new Recovery(
          Optional.empty(),
          "archive: the file " + file + " is not there (moved or deleted?); no manifest written");
    }
    ArchiveFileContents.Contents contents;
    try {
      contents = ArchiveFileContents.read(file);
    } catch (IOException e) {
      LOG.warn(
          "The archive file {} of interrupted run {} could not be read ({}); no manifest written",
          file,
          marker.runId(),
          ArchiveFileWriter.describe(e));
      return new Recovery(
          Optional.empty(),
          "archive: the file "
              + file
              + " could not be read ("
              + ArchiveFileWriter.describe(e)
              + "); no manifest written");
    }
    String holds = describe(marker, contents);
    Optional<String> sha256 = Optional.of(contents.sha256());
    Path manifest = ArchiveManifest.beside(file);
    Optional<String> ownStatus = ownManifestStatus(manifest);
    if (ownStatus.isPresent()) {
      // The run wrote its manifest after its last batch and was killed before its audit row: its
      // own account is the complete one.
      return new Recovery(
          sha256,
          "archive: "
              + holds
              + "; the run's own manifest "
              + manifest.getFileName()
              + " (status "
              + ownStatus.get()
              + ") is kept as it is");
    }
    try {
      manifest(marker, file, contents, now).write(manifest);
    } catch (IOException e) {
      LOG.warn(
          "The manifest {} of interrupted run {} could not be written ({}); the archive file's"
              + " SHA-256 is in its audit row",
          manifest,
          marker.runId(),
          ArchiveFileWriter.describe(e));
      return new Recovery(
          sha256,
          "archive: "
              + holds
              + "; its manifest "
              + manifest
              + " could not be written ("
              + ArchiveFileWriter.describe(e)
              + "), the file's SHA-256 is in archive_sha256");
    }
    LOG.info("Wrote the manifest {} of interrupted run {}: {}", manifest, marker.runId(), holds);
    return new Recovery(
        sha256, "archive: manifest " + manifest.getFileName() + " written; " + holds);
  }

  /**
   * The status of a manifest already beside the file that the run wrote itself; empty when there is
   * none, or when it is one of these (an earlier recovery whose audit row did not commit), which is
   * written again.
   */
  private static Optional<String> ownManifestStatus(Path manifest) {
    if (!Files.exists(manifest)) {
      return Optional.empty();
    }
    String status;
    try {
      Object read = JsonText.parse(Files.readString(manifest));
      status =
          read instanceof java.util.Map<?, ?> fields && fields.get("status") instanceof String given
              ? given
              : "unreadable";
    } catch (IOException | RuntimeException e) {
      status = "unreadable";
    }
    return status.equals(RunStatus.INTERRUPTED.label()) ? Optional.empty() : Optional.of(status);
  }

  /** The file's rows against what the marker confirms, and its damage, in one sentence. */
  private static String describe(RunMarkerRow marker, ArchiveFileContents.Contents contents) {
    StringBuilder text =
        new StringBuilder(String.format(Locale.ROOT, "the file holds %,d rows", contents.rows()));
    Long confirmed = marker.archiveRecords();
    if (confirmed == null) {
      text.append(" (its marker does not say how many were deleted)");
    } else if (contents.rows() > confirmed) {
      text.append(
          String.format(
              Locale.ROOT,
              ", %,d of them confirmed deleted by its marker and %,d unconfirmed (the batch in"
                  + " flight when the run stopped)",
              confirmed,
              contents.rows() - confirmed));
    } else if (contents.rows() < confirmed) {
      text.append(
          String.format(
              Locale.ROOT,
              ", %,d fewer than the %,d its marker confirms deleted (records_missing)",
              confirmed - contents.rows(),
              confirmed));
    } else {
      text.append(", all confirmed deleted by its marker");
    }
    contents.damage().ifPresent(damage -> text.append("; ").append(damage));
    return text.toString();
  }

  private static ArchiveManifest manifest(
      RunMarkerRow marker, Path file, ArchiveFileContents.Contents contents, Instant now) {
    List<String> unknown = new ArrayList<>();
    String table = tableOf(marker, file);
    if (table == null) {
      unknown.add("table");
    }
    if (contents.columns().isEmpty()) {
      unknown.add("columns");
    }
    // The marker keeps the start to the millisecond and the default retention: the run's cutoff
    // is theirs (CleanupCriteria.defaultCutoff), as long as it falls on the marker's cutoff date.
    Cutoff cutoff =
        Cutoff.daysBefore(Instant.ofEpochMilli(marker.startedAt()), marker.daysRetained());
    Long cutoffTimestamp = cutoff.date().equals(marker.cutoffDate()) ? cutoff.epochSecond() : null;
    if (cutoffTimestamp == null) {
      unknown.add("cutoff_timestamp");
    }
    if (marker.retentionPolicy() == null) {
      unknown.add("retention_policy");
    }
    Long confirmed = marker.archiveRecords();
    if (confirmed == null) {
      unknown.add("records");
    }
    long inFile = contents.rows();
    return new ArchiveManifest()
        .text("run_id", marker.runId())
        .text("table", table)
        .text("file", file.getFileName().toString())
        .text("format", ArchiveFileWriter.FORMAT)
        .array("columns", contents.columns().orElse(null))
        .text("cutoff_date", String.valueOf(marker.cutoffDate()))
        .number("cutoff_timestamp", cutoffTimestamp)
        .text("retention_policy", marker.retentionPolicy())
        .text("started_at", Instant.ofEpochMilli(marker.startedAt()).toString())
        .text("status", RunStatus.INTERRUPTED.label())
        .number("records", confirmed)
        .number("unconfirmed_records", confirmed == null ? null : Math.max(0, inFile - confirmed))
        .counts("organizations", contents.organizations())
        .number("bytes", contents.bytes())
        .text("sha256", contents.sha256())
        .number("records_in_file", inFile)
        .number("records_missing", confirmed == null ? null : Math.max(0, confirmed - inFile))
        .bool("tail_damaged", contents.damage().isPresent())
        .number("intact_bytes", contents.intactBytes())
        .text("damage", contents.damage().orElse(null))
        .text("last_progress_at", Instant.ofEpochMilli(marker.updatedAt()).toString())
        .text("recovered_at", now.toString())
        .array("unknown", unknown)
        .text(
            "note",
            "written after the run was killed, by the run that found it unfinished:"
                + " records are the rows of the batches its marker confirms deleted;"
                + " records_in_file, organizations, bytes and sha256 are the file as it stands;"
                + " unconfirmed_records were written by the batch in flight, which did not commit,"
                + " so they stayed in the table and are archived again by the run that deletes"
                + " them; rows of a damaged tail are not counted");
  }

  /** The table, from the file's name {@code <table>_<cutoff date>_<run id>.csv.gz}; or null. */
  private static String tableOf(RunMarkerRow marker, Path file) {
    String name = file.getFileName().toString();
    String suffix = FileRowArchive.fileName("", marker.cutoffDate(), marker.runId());
    return name.endsWith(suffix) && name.length() > suffix.length()
        ? name.substring(0, name.length() - suffix.length())
        : null;
  }
}
