package ai.mai.retention.app.config;

import ai.mai.retention.embedded.Database;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the database is and how to log in. Built from a JDBC URL, or from Open WebUI's {@code
 * DATABASE_URL} ({@code sqlite:///path}, {@code postgresql://user:pass@host:port/db}).
 *
 * @param dialect which database it is
 * @param jdbcUrl the JDBC URL, without credentials taken from DATABASE_URL
 * @param user login user, if any
 * @param password login password, if any; never printed
 */
public record DatabaseTarget(
    Database dialect, String jdbcUrl, Optional<String> user, Optional<String> password) {

  /**
   * Query parameters whose value is a secret ({@code password}, {@code sslpassword}, a token, an
   * API key, a passphrase...): masked wherever a URL is shown.
   */
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile(
          "(?i)([?&;][^=&;#]*?(?:password|passwd|pwd|passphrase|secret|token|credential|apikey"
              + "|api_key|accesskey|access_key|privatekey|private_key)[^=&;#]*=)[^&;#]*");

  private static final String OPEN_WEBUI_ORIGIN = "DATABASE_URL (environment)";

  /** Parses a JDBC URL; anything but SQLite or PostgreSQL is refused with the reason. */
  public static DatabaseTarget fromJdbcUrl(String url, String origin) {
    String trimmed = url.trim();
    Optional<Database> database = Database.fromJdbcUrl(trimmed);
    if (database.isPresent()) {
      if (trimmed.length() == database.get().jdbcUrlPrefix().length()) {
        throw new ConfigurationException(
            origin + ": the URL names no database: " + masked(trimmed));
      }
      rememberSecretParameters(trimmed);
      return new DatabaseTarget(database.get(), trimmed, Optional.empty(), Optional.empty());
    }
    throw new ConfigurationException(
        origin
            + ": unsupported database URL '"
            + masked(trimmed)
            + "'; expected jdbc:sqlite:<file> or jdbc:postgresql://host:port/database");
  }

  /**
   * Parses Open WebUI's {@code DATABASE_URL} as SQLAlchemy does ({@link SqlAlchemyUrl}). A URL it
   * cannot use is refused without showing any part of it after the scheme, where a password may be.
   */
  public static DatabaseTarget fromOpenWebUiUrl(String url) {
    String trimmed = url.strip();
    SqlAlchemyUrl parsed =
        SqlAlchemyUrl.parse(trimmed)
            .orElseThrow(
                () ->
                    refused(
                        "is not a database URL (expected postgresql://user:password@host:port/"
                            + "database or sqlite:///path)"));
    return switch (parsed.backend()) {
      case "sqlite" -> sqlite(parsed);
      case "postgresql", "postgres" -> postgres(parsed);
      default ->
          throw new ConfigurationException(
              OPEN_WEBUI_ORIGIN
                  + ": unsupported database '"
                  + parsed.drivername()
                  + "'; expected postgresql://user:password@host:port/database or"
                  + " sqlite:///path");
    };
  }

  private static DatabaseTarget sqlite(SqlAlchemyUrl url) {
    if (url.driver().equals("sqlcipher")) {
      throw refused("names an encrypted SQLCipher database, which mAI Retention cannot open");
    }
    if (url.host() != null || url.username() != null) {
      throw refused("names a host; a SQLite URL is sqlite:///relative/path or sqlite:////abs/path");
    }
    if (url.database() == null || url.database().isEmpty()) {
      throw refused("names no database file (in-memory databases are not supported)");
    }
    // SQLAlchemy's SQLite query options (?mode=ro, ?uri=true) are for its own connections.
    return new DatabaseTarget(
        Database.SQLITE, "jdbc:sqlite:" + url.database(), Optional.empty(), Optional.empty());
  }

  private static DatabaseTarget postgres(SqlAlchemyUrl url) {
    Optional<String> password =
        Optional.ofNullable(url.password()).filter(text -> !text.isEmpty()).map(Secrets::remember);
    if (java.util.stream.Stream.of(url.host(), url.port(), url.database(), url.query())
        .anyMatch(part -> part != null && part.contains("@"))) {
      // SQLAlchemy ends the password at its first '@', so does Open WebUI, and what follows is
      // taken for host and database: connecting there would print pieces of the password.
      throw refused(
          "has another '@' after the one that ends the password; write an '@' inside the password"
              + " as %40, as SQLAlchemy (and so Open WebUI) reads the password only up to the"
              + " first '@'");
    }
    if (url.host() == null || url.host().isEmpty()) {
      throw refused("names no host (expected postgresql://user:password@host:port/database)");
    }
    String port = url.port() == null ? "" : url.port();
    if (!port.isEmpty() && !port.matches("[0-9]{1,5}")) {
      throw refused(
          "has a port that is not a number; a ':' or '/' in the user name, or an '@' in the"
              + " password, must be percent-encoded");
    }
    if (url.database() == null || url.database().isEmpty()) {
      throw refused("names no database (expected postgresql://user:password@host:port/database)");
    }
    String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
    String jdbc =
        "jdbc:postgresql://"
            + host
            + (port.isEmpty() ? "" : ":" + port)
            + "/"
            + url.database()
            + (url.query() == null || url.query().isEmpty() ? "" : "?" + url.query());
    rememberSecretParameters(jdbc);
    return new DatabaseTarget(
        Database.POSTGRESQL,
        jdbc,
        Optional.ofNullable(url.username()).filter(text -> !text.isEmpty()),
        password);
  }

  /** Names the problem; the URL itself is not shown, as it may hold a password. */
  private static ConfigurationException refused(String problem) {
    return new ConfigurationException(
        OPEN_WEBUI_ORIGIN
            + ": the URL "
            + problem
            + ". (The URL is not shown: it may hold a password.)");
  }

  private static void rememberSecretParameters(String url) {
    Matcher secrets = SECRET_PARAMETER.matcher(url);
    while (secrets.find()) {
      int value = secrets.end(1);
      int end = secrets.end();
      Secrets.remember(url.substring(value, end));
      Secrets.remember(SqlAlchemyUrl.unquote(url.substring(value, end)));
    }
  }

  public DatabaseTarget withCredentials(Optional<String> newUser, Optional<String> newPassword) {
    return new DatabaseTarget(
        dialect, jdbcUrl, newUser.or(() -> user), newPassword.or(() -> password));
  }

  /** The URL as it may be printed: credentials and secret parameters masked. */
  public String maskedUrl() {
    return masked(jdbcUrl);
  }

  /**
   * A URL as it may be printed. Everything between {@code ://} and the <em>last</em> {@code @} is
   * masked (a password may hold {@code @}, {@code /}, {@code ?} and {@code #} unencoded, so no
   * earlier boundary is safe), and so is the value of every secret-looking query parameter.
   */
  public static String masked(String url) {
    String clean = url;
    int authority = clean.indexOf("://");
    if (authority >= 0) {
      int at = clean.lastIndexOf('@');
      if (at > authority) {
        clean = clean.substring(0, authority + 3) + "***@" + clean.substring(at + 1);
      }
    }
    return SECRET_PARAMETER.matcher(clean).replaceAll("$1***");
  }

  @Override
  public String toString() {
    return "DatabaseTarget[" + dialect + ", " + maskedUrl() + ", user=" + user.orElse("") + "]";
  }
}
