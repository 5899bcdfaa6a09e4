package ai.mai.retention.core.domain;

import java.util.Locale;

/**
 * Where a run keeps the rows it deletes before deleting them ({@code CLEANUP_ARCHIVE}).
 *
 * @param kind a file per run in a directory, or a table in the same database
 * @param location the directory ({@link Kind#FILE}) or the table's name ({@link Kind#TABLE}), as
 *     given
 */
public record ArchiveTarget(Kind kind, String location) {

  /** The two kinds of archive. */
  public enum Kind {
    /** One gzip'd CSV file per run, plus its manifest, in a directory. */
    FILE,
    /** An archive table in the same database, filled in each batch's own transaction. */
    TABLE;

    /** {@code file} or {@code table}: the prefix of the setting's value. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ArchiveTarget {
    if (kind == null) {
      throw new IllegalArgumentException("an archive kind (file or table) is required");
    }
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException(
          kind == Kind.FILE
              ? "file: needs a directory, as in file:/data/archive"
              : "table: needs a table name, as in table:processed_generations_archive");
    }
  }

  /** One compressed file per run in {@code directory}. */
  public static ArchiveTarget file(String directory) {
    return new ArchiveTarget(Kind.FILE, directory);
  }

  /** An archive table named {@code name} in the cleaned database. */
  public static ArchiveTarget table(String name) {
    return new ArchiveTarget(Kind.TABLE, name);
  }

  /**
   * Reads the setting's form, {@code file:<directory>} or {@code table:<name>}.
   *
   * @throws IllegalArgumentException saying what the value should look like
   */
  public static ArchiveTarget parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("expected file:<directory> or table:<name>, got nothing");
    }
    String value = text.strip();
    int colon = value.indexOf(':');
    String prefix = colon < 0 ? "" : value.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = colon < 0 ? "" : value.substring(colon + 1).strip();
    return switch (prefix) {
      case "file" -> file(rest);
      case "table" -> table(rest);
      default ->
          throw new IllegalArgumentException(
              "expected file:<directory> or table:<name>, got '" + value + "'");
    };
  }

  /** The setting's form: {@code file:/data/archive}, {@code table:generations_archive}. */
  public String describe() {
    return kind.label() + ":" + location;
  }

  @Override
  public String toString() {
    return describe();
  }
}
