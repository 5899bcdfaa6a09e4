package ai.mai.retention.app.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database URL read exactly as SQLAlchemy 2's {@code make_url} reads it ({@code
 * sqlalchemy/engine/url.py}, {@code _parse_url}), which is how Open WebUI reads its {@code
 * DATABASE_URL}. Its rules, which differ from RFC 3986 and from {@code java.net.URI}:
 *
 * <ul>
 *   <li>the user name runs to the first {@code :} (it may hold an {@code @});
 *   <li>the password runs from there to the <em>first</em> {@code @}: it may hold {@code /}, {@code
 *       #}, {@code ?} and {@code :} as they are, but an {@code @} must be written {@code %40};
 *   <li>user name and password are percent-decoded as Python's {@code unquote} does: {@code %XX}
 *       only ({@code +} stays a plus), a {@code %} not followed by two hex digits stays as it is;
 *   <li>host and port run to the next {@code /} or {@code ?}; the database to the {@code ?}; the
 *       rest is the query. There is no fragment: a {@code #} is part of whatever it is in.
 * </ul>
 *
 * @param drivername {@code postgresql}, {@code postgresql+psycopg2}, {@code sqlite}, ...
 * @param username decoded; null when the URL has no {@code @}
 * @param password decoded; null when the URL has no {@code :password}
 * @param host as written (IPv6 without its brackets); null when absent
 * @param port as written; null when absent
 * @param database as written; null when absent
 * @param query the raw query string after {@code ?}; null when absent
 */
record SqlAlchemyUrl(
    String drivername,
    String username,
    String password,
    String host,
    String port,
    String database,
    String query) {

  /** SQLAlchemy's pattern, group for group; {@code lookingAt} is Python's {@code re.match}. */
  private static final Pattern PATTERN =
      Pattern.compile(
          "(?<name>[\\w+]+)://"
              + "(?:(?<username>[^:/]*)(?::(?<password>[^@]*))?@)?"
              + "(?:(?:\\[(?<ipv6host>[^/?]+)\\]|(?<ipv4host>[^/:?]+))?(?::(?<port>[^/?]*))?)?"
              + "(?:/(?<database>[^?]*))?"
              + "(?:\\?(?<query>.*))?",
          Pattern.DOTALL);

  private static final Pattern HEX_ESCAPE = Pattern.compile("%[0-9A-Fa-f]{2}");

  static Optional<SqlAlchemyUrl> parse(String text) {
    Matcher match = PATTERN.matcher(text);
    if (!match.lookingAt()) {
      return Optional.empty();
    }
    String ipv6 = match.group("ipv6host");
    String ipv4 = match.group("ipv4host");
    return Optional.of(
        new SqlAlchemyUrl(
            match.group("name"),
            unquote(match.group("username")),
            unquote(match.group("password")),
            ipv4 != null && !ipv4.isEmpty() ? ipv4 : ipv6,
            match.group("port"),
            match.group("database"),
            match.group("query")));
  }

  /** The part before {@code +}, lower case: {@code postgresql}, {@code sqlite}. */
  String backend() {
    int plus = drivername.indexOf('+');
    return (plus < 0 ? drivername : drivername.substring(0, plus)).toLowerCase(Locale.ROOT);
  }

  /** The part after {@code +}, lower case; empty without one. */
  String driver() {
    int plus = drivername.indexOf('+');
    return plus < 0 ? "" : drivername.substring(plus + 1).toLowerCase(Locale.ROOT);
  }

  /**
   * Python's {@code urllib.parse.unquote}: each run of {@code %XX} escapes is decoded as UTF-8 (a
   * malformed sequence becomes U+FFFD); anything else, {@code +} included, is left as it is.
   */
  static String unquote(String text) {
    if (text == null || text.indexOf('%') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    Matcher escape = HEX_ESCAPE.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (escape.find(at) && escape.start() == at) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (at < text.length() && escape.find(at) && escape.start() == at) {
          bytes.write(Integer.parseInt(text.substring(at + 1, at + 3), 16));
          at += 3;
        }
        out.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
      } else {
        out.append(text.charAt(at));
        at++;
      }
    }
    return out.toString();
  }
}
