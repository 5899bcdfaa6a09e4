package ai.mai.retention.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parser against SQLAlchemy 2's own reading. Each expected row was produced by running
 * SQLAlchemy's {@code _parse_url} pattern with Python's {@code re.match} and {@code
 * urllib.parse.unquote} on the same text.
 */
class SqlAlchemyUrlTest {

  static Stream<Arguments> urls() {
    return Stream.of(
        // url, username, password, host, port, database, query
        row("postgresql://mai:pa/ss@db:5432/mai", "mai", "pa/ss", "db", "5432", "mai", null),
        row("postgresql://mai:pa#ss@db:5432/mai", "mai", "pa#ss", "db", "5432", "mai", null),
        row("postgresql://mai:pa?ss@db:5432/mai", "mai", "pa?ss", "db", "5432", "mai", null),
        row("postgresql://mai:pa+ss@db:5432/mai", "mai", "pa+ss", "db", "5432", "mai", null),
        row("postgresql://mai:pa%ss@db:5432/mai", "mai", "pa%ss", "db", "5432", "mai", null),
        row("postgresql://mai:pa%2Bss@db:5432/mai", "mai", "pa+ss", "db", "5432", "mai", null),
        row("postgresql://mai:p%40ss@db:5432/mai", "mai", "p@ss", "db", "5432", "mai", null),
        row("postgresql://mai:p@ss@db:5432/mai", "mai", "p", "ss@db", "5432", "mai", null),
        row("postgresql://mai:pa:ss@db:5432/mai", "mai", "pa:ss", "db", "5432", "mai", null),
        row(
            "postgresql://mai:p%C3%A4ss@db/mai?sslmode=require&sslpassword=x",
            "mai", "päss", "db", null, "mai", "sslmode=require&sslpassword=x"),
        row("postgresql://us@er:pw@db/mai", "us@er", "pw", "db", null, "mai", null),
        row("postgresql://mai@db/mai", "mai", null, "db", null, "mai", null),
        row("postgresql://[::1]:5432/mai", null, null, "::1", "5432", "mai", null),
        row("postgresql+psycopg2://mai:pw@db/mai", "mai", "pw", "db", null, "mai", null),
        row("sqlite:///data/webui.db", null, null, null, null, "data/webui.db", null),
        row(
            "sqlite:////app/backend/data/webui.db",
            null,
            null,
            null,
            null,
            "/app/backend/data/webui.db",
            null),
        row("postgresql://mai:pw@db:54x/mai", "mai", "pw", "db", "54x", "mai", null),
        row("postgresql://mai:%E2%82%AC%ZZ%@db/mai", "mai", "€%ZZ%", "db", null, "mai", null),
        row(
            "postgresql://mai:/@#?:+%25@db:5432/mai?x=1",
            "mai", "/", "#", null, null, ":+%25@db:5432/mai?x=1"));
  }

  private static Arguments row(
      String url,
      String username,
      String password,
      String host,
      String port,
      String database,
      String query) {
    return Arguments.of(url, username, password, host, port, database, query);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("urls")
  void readsAsSqlAlchemyReads(
      String url,
      String username,
      String password,
      String host,
      String port,
      String database,
      String query) {
    SqlAlchemyUrl parsed = SqlAlchemyUrl.parse(url).orElseThrow();

    assertThat(parsed.username()).isEqualTo(username);
    assertThat(parsed.password()).isEqualTo(password);
    assertThat(parsed.host()).isEqualTo(host);
    assertThat(parsed.port()).isEqualTo(port);
    assertThat(parsed.database()).isEqualTo(database);
    assertThat(parsed.query()).isEqualTo(query);
  }
}
