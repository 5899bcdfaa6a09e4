package ai.mai.retention.core.domain;

import java.util.Optional;

/**
 * Where a run's deleted rows were kept, and how many ({@code CLEANUP_ARCHIVE}).
 *
 * @param target the archive the run was given
 * @param location where this run's rows are: {@code file:<path of the run's file>} or {@code
 *     table:<name>}; empty when the run wrote no file (nothing was expired)
 * @param records rows of this run's committed batches in the archive: one per deleted row
 * @param unconfirmedRecords rows in the file whose batch's commit failed in a way that leaves its
 *     outcome unknown (the connection broke during the commit): kept, since they may be deleted; a
 *     later run archives them again if they were not. Zero for tables, whose rows commit with the
 *     delete
 * @param sha256 the file's SHA-256 (hex) once the run finished it; empty for tables
 * @param manifest the path of the file's manifest (run, policy, counts, checksum); empty for tables
 * @param problem what went wrong with the archive, if anything: why the run refused or stopped, or
 *     why the manifest could not be written
 */
public record ArchiveReport(
    ArchiveTarget target,
    Optional<String> location,
    long records,
    long unconfirmedRecords,
    Optional<String> sha256,
    Optional<String> manifest,
    Optional<String> problem) {

  public ArchiveReport {
    if (target == null) {
      throw new IllegalArgumentException("target is required");
    }
    if (records < 0 || unconfirmedRecords < 0) {
      throw new IllegalArgumentException("record counts must not be negative");
    }
    location = location == null ? Optional.empty() : location;
    sha256 = sha256 == null ? Optional.empty() : sha256;
    manifest = manifest == null ? Optional.empty() : manifest;
    problem = problem == null ? Optional.empty() : problem;
  }

  /** An archive that holds nothing of this run (yet), with why, if there is a reason. */
  public static ArchiveReport empty(ArchiveTarget target, String problem) {
    return new ArchiveReport(
        target,
        Optional.empty(),
        0,
        0,
        Optional.empty(),
        Optional.empty(),
        Optional.ofNullable(problem));
  }

  /** One line for logs and reports: {@code 10,034 rows in file:/data/archive/x.csv.gz}. */
  public String summary() {
    StringBuilder line =
        new StringBuilder(String.format(java.util.Locale.ROOT, "%,d rows", records))
            .append(" in ")
            .append(location.orElse(target.describe()));
    if (unconfirmedRecords > 0) {
      line.append(
          String.format(
              java.util.Locale.ROOT,
              " (and %,d of a batch whose commit is unconfirmed)",
              unconfirmedRecords));
    }
    problem.ifPresent(text -> line.append("; ").append(text));
    return line.toString();
  }
}
