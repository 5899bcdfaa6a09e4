package ai.mai.retention.app.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the database is and how to log in. Built from a JDBC URL, or from Open WebUI's {@code
 * DATABASE_URL} ({@code sqlite:///path}, {@code postgresql://user:pass@host:port/db}).
 *
 * @param dialect which adapter serves it
 * @param jdbcUrl the JDBC URL, without credentials taken from DATABASE_URL
 * @param user login user, if any
 * @param password login password, if any; never printed
 */
public record DatabaseTarget(
    DatabaseDialect dialect, String jdbcUrl, Optional<String> user, Optional<String> password) {

  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)([?&;]password=)[^&;]*");

  /** Parses a JDBC URL; anything but SQLite or PostgreSQL is refused with the reason. */
  public static DatabaseTarget fromJdbcUrl(String url, String origin) {
    String trimmed = url.trim();
    for (DatabaseDialect dialect : DatabaseDialect.values()) {
      if (trimmed.toLowerCase(Locale.ROOT).startsWith(dialect.urlPrefix())) {
        if (trimmed.length() == dialect.urlPrefix().length()) {
          throw new ConfigurationException(
              origin + ": the URL names no database: " + masked(trimmed));
        }
        return new DatabaseTarget(dialect, trimmed, Optional.empty(), Optional.empty());
      }
    }
    throw new ConfigurationException(
        origin
            + ": unsupported database URL '"
            + masked(trimmed)
            + "'; expected jdbc:sqlite:<file> or jdbc:postgresql://host:port/database");
  }

  /** Parses Open WebUI's SQLAlchemy-style DATABASE_URL. */
  public static DatabaseTarget fromOpenWebUiUrl(String url) {
    String origin = "DATABASE_URL (environment)";
    String trimmed = url.trim();
    String lower = trimmed.toLowerCase(Locale.ROOT);
    if (lower.startsWith("sqlite:///")) {
      // SQLAlchemy: the rest is the path; a fourth slash makes it absolute.
      String path = trimmed.substring("sqlite:///".length());
      if (path.isEmpty()) {
        throw new ConfigurationException(origin + ": the URL names no database file");
      }
      return new DatabaseTarget(
          DatabaseDialect.SQLITE, "jdbc:sqlite:" + path, Optional.empty(), Optional.empty());
    }
    if (lower.startsWith("postgresql") || lower.startsWith("postgres:")) {
      return fromPostgresUri(trimmed, origin);
    }
    throw new ConfigurationException(
        origin
            + ": unsupported database URL '"
            + masked(trimmed)
            + "'; expected sqlite:///path or postgresql://user:password@host:port/database");
  }

  private static DatabaseTarget fromPostgresUri(String url, String origin) {
    URI uri;
    try {
      // postgresql+psycopg2://... is the same database for us.
      uri = new URI(url.replaceFirst("^[A-Za-z0-9+]+://", "postgresql://"));
    } catch (URISyntaxException e) {
      throw new ConfigurationException(origin + ": not a valid URL: " + masked(url));
    }
    if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
      throw new ConfigurationException(
          origin + ": expected postgresql://user:password@host:port/database, got " + masked(url));
    }
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = Optional.of(decode(parts[0]));
      if (parts.length == 2) {
        password = Optional.of(Secrets.remember(decode(parts[1])));
      }
    }
    String jdbc =
        "jdbc:postgresql://"
            + uri.getHost()
            + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
            + uri.getRawPath()
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return new DatabaseTarget(DatabaseDialect.POSTGRESQL, jdbc, user, password);
  }

  public DatabaseTarget withCredentials(Optional<String> newUser, Optional<String> newPassword) {
    return new DatabaseTarget(
        dialect, jdbcUrl, newUser.or(() -> user), newPassword.or(() -> password));
  }

  /** The SQLite database file, resolved against the working directory. */
  public Optional<Path> sqliteFile() {
    if (dialect != DatabaseDialect.SQLITE) {
      return Optional.empty();
    }
    String path = jdbcUrl.substring(dialect.urlPrefix().length());
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    if (path.startsWith("file:")) {
      path = path.substring("file:".length());
    }
    return Optional.of(Path.of(path));
  }

  /** The URL as it may be printed: any password parameter masked. */
  public String maskedUrl() {
    return masked(jdbcUrl);
  }

  public static String masked(String url) {
    String clean = url.replaceAll("(?i)(://[^/:@\\s]+):[^@\\s/]+@", "$1:***@");
    return URL_PASSWORD.matcher(clean).replaceAll("$1***");
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "DatabaseTarget[" + dialect + ", " + maskedUrl() + ", user=" + user.orElse("") + "]";
  }
}
