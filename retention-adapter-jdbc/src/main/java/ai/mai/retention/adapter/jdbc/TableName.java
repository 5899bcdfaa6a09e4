package ai.mai.retention.adapter.jdbc;

import java.util.regex.Pattern;

/**
 * The table whose expired rows are deleted. It is the only value spliced into SQL text (MyBatis
 * {@code ${table}}), so it must be a plain identifier: no quotes, dots, spaces or comments.
 *
 * @param value the identifier, e.g. {@code processed_generations}
 */
public record TableName(String value) {

  /** Letter or underscore first, then letters, digits and underscores; at most 63 characters. */
  public static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  public static final TableName DEFAULT = new TableName("processed_generations");

  public TableName {
    if (value == null || !IDENTIFIER.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "'"
              + value
              + "' is not a plain table name (letters, digits and underscores, starting with a"
              + " letter or underscore, at most 63 characters; no schema, quotes or spaces)");
    }
  }

  public static TableName of(String value) {
    return new TableName(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
