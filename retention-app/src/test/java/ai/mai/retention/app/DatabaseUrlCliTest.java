package ai.mai.retention.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Open WebUI's {@code DATABASE_URL} read as SQLAlchemy reads it, against a real PostgreSQL with
 * passwords full of URL characters; refused URLs and secret query parameters never printed.
 */
class DatabaseUrlCliTest {

  private static final AtomicInteger ROLES = new AtomicInteger();

  /** A login role with this password that may read (and so preview) the database. */
  private static String role(String database, String password) {
    String name = "mai_url_" + ROLES.incrementAndGet();
    PostgresServer.execute(
        "postgres",
        "SET password_encryption = 'scram-sha-256'",
        "CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'");
    PostgresServer.execute(
        database,
        "GRANT USAGE ON SCHEMA public TO " + name,
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + name);
    return name;
  }

  private static void assertNeverPrinted(AppRun run, String... secrets) {
    for (String secret : secrets) {
      assertThat(run.out() + run.err()).as(run.toString()).doesNotContain(secret);
    }
  }

  /** Percent signs not followed by two hex digits stay as they are, as in Python's unquote. */
  @ParameterizedTest(name = "password {0}")
  @ValueSource(
      strings = {
        "Sl/ash-pw-77",
        "Ha#sh-pw-77",
        "Que?ry-pw-77",
        "Pl+us-pw-77",
        "Per%zent-pw-77",
        "Co:lon-pw-77",
        "A/l#l?o+f%t:hem-77"
      })
  void aPasswordWithUrlCharactersWorksWrittenAsItIs(String password) {
    String database = PostgresTestDatabases.legacy();
    String user = role(database, password);
    String url =
        "postgresql://"
            + user
            + ":"
            + password
            + "@localhost:"
            + PostgresServer.port()
            + "/"
            + database;

    AppRun preview = AppRun.of(Map.of("DATABASE_URL", url), "cleanup", "--dry-run", "--json");
    AppRun config = AppRun.of(Map.of("DATABASE_URL", url), "config");

    assertThat(preview.exitCode()).as(preview.toString()).isZero();
    assertThat(preview.out()).contains("\"records_deleted\" : 3");
    assertThat(config.exitCode()).as(config.toString()).isZero();
    assertThat(config.out())
        .contains("jdbc:postgresql://localhost:" + PostgresServer.port() + "/" + database)
        .containsPattern("RETENTION_DB_USER\\s+" + user)
        .contains("****");
    assertNeverPrinted(preview, password);
    assertNeverPrinted(config, password);
  }

  @Test
  void anAtSignInThePasswordWorksPercentEncodedAsOpenWebUiNeedsIt() {
    String password = "At@sign-pw+77";
    String database = PostgresTestDatabases.legacy();
    String user = role(database, password);
    String url =
        "postgresql://"
            + user
            + ":At%40sign-pw+77@localhost:"
            + PostgresServer.port()
            + "/"
            + database;

    AppRun preview = AppRun.of(Map.of("DATABASE_URL", url), "cleanup", "--dry-run");

    assertThat(preview.exitCode()).as(preview.toString()).isZero();
    assertNeverPrinted(preview, password, "At%40sign");
  }

  @Test
  void urlsThatCannotBeUsedAreRefusedWithoutShowingAnyPartThatCouldBeThePassword() {
    List<String> urls =
        List.of(
            // An unencoded '@': SQLAlchemy would take "Zq" as the password, "9xK@db" as the host.
            "postgresql://mai:Zq@9xK@db.internal:5432/mai",
            "postgresql://mai:Zq@9xK/other@db.internal/mai",
            // The port is not a number.
            "postgresql://mai:Zq9xK@db.internal:54x/mai",
            // No database, no host.
            "postgresql://mai:Zq9xK@db.internal",
            "postgresql://mai:Zq9xK@/mai",
            // Not a URL at all, and another database.
            "Zq9xK",
            "mysql://mai:Zq9xK@db.internal/mai");

    for (String url : urls) {
      AppRun run = AppRun.of(Map.of("DATABASE_URL", url), "cleanup");

      assertThat(run.exitCode()).as(url + ": " + run).isEqualTo(2);
      assertThat(run.err()).as(url).contains("DATABASE_URL");
      assertNeverPrinted(run, "Zq", "9xK");
    }
    AppRun atSign =
        AppRun.of(Map.of("DATABASE_URL", "postgresql://mai:Zq@9xK@db.internal/mai"), "config");
    assertThat(atSign.err()).contains("%40");
  }

  @Test
  void secretQueryParametersAreMaskedInConfigAndErrors() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String query = "?sslmode=disable&sslpassword=SslPw-4711&token=Tok-4711&ApiKey=Key-4711";
    AppRun openWebUi =
        AppRun.of(
            Map.of(
                "DATABASE_URL", "postgresql://mai:UrlPw-4711@127.0.0.1:" + port + "/mai" + query),
            "config");
    AppRun jdbc =
        AppRun.of(
            Map.of(
                "RETENTION_DB_URL",
                "jdbc:postgresql://127.0.0.1:" + port + "/mai" + query + "&password=JdbcPw-4711"),
            "config");
    AppRun failing =
        AppRun.of(
            Map.of(
                "RETENTION_DB_URL",
                "jdbc:postgresql://127.0.0.1:" + port + "/mai" + query + "&password=JdbcPw-4711"),
            "cleanup");

    assertThat(openWebUi.exitCode()).as(openWebUi.toString()).isZero();
    assertThat(openWebUi.out()).contains("sslmode=disable").contains("sslpassword=***");
    assertThat(jdbc.out()).contains("password=***").contains("token=***");
    assertThat(failing.exitCode()).as(failing.toString()).isEqualTo(1);
    for (AppRun run : List.of(openWebUi, jdbc, failing)) {
      assertNeverPrinted(run, "SslPw-4711", "Tok-4711", "Key-4711", "UrlPw-4711", "JdbcPw-4711");
    }
  }
}
