package ai.mai.retention.core.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What the database reported about the space the cleaned table takes, at one moment: measured, not
 * estimated. SQLite cannot size one table without its optional {@code dbstat} table, so there the
 * figures are those of the whole database file; PostgreSQL sizes the table and its indexes.
 *
 * @param bytes the space taken: SQLite {@code page_count * page_size} of the file; PostgreSQL
 *     {@code pg_table_size + pg_indexes_size} of the table
 * @param reusableBytes free space inside {@code bytes} that new rows fill before the file grows
 *     (SQLite {@code freelist_count * page_size}); empty where the database does not say
 *     (PostgreSQL's free space map needs an extension to read)
 * @param deadRows deleted rows whose space a vacuum has not yet made reusable, as PostgreSQL's
 *     statistics count them ({@code n_dead_tup}); empty on SQLite, which has no such rows
 * @param reported the database's own figures under its own names ({@code page_count}, {@code
 *     n_dead_tup}...), in the order it gave them
 */
public record StorageFigures(
    long bytes, OptionalLong reusableBytes, OptionalLong deadRows, Map<String, Long> reported) {

  public StorageFigures {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must not be negative, got " + bytes);
    }
    if (reusableBytes == null) {
      reusableBytes = OptionalLong.empty();
    }
    if (deadRows == null) {
      deadRows = OptionalLong.empty();
    }
    reported =
        reported == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(reported));
  }
}
