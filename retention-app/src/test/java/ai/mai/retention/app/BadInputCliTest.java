package ai.mai.retention.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input: exit 2, a message naming the problem, no stack trace, and the database untouched. */
class BadInputCliTest {

  @TempDir Path directory;

  private LegacySqliteDatabase database;

  @BeforeEach
  void legacyDatabase() {
    database = LegacySqliteDatabase.create(directory.resolve("webui.db"), true, true);
    database.insert("old", "org-a", java.time.Instant.now().minusSeconds(200 * 86_400L), 0.1, 10);
    database.insert("new", "org-a", java.time.Instant.now(), 0.1, 10);
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of(
            "retention 0",
            Map.of(),
            List.of("cleanup", "--retention-days", "0"),
            "--retention-days"),
        Arguments.of(
            "retention -5",
            Map.of(),
            List.of("cleanup", "--retention-days", "-5"),
            "between 1 and"),
        Arguments.of(
            "retention ninety",
            Map.of(),
            List.of("cleanup", "--retention-days", "ninety"),
            "'ninety'"),
        Arguments.of(
            "retention too large",
            Map.of(),
            List.of("cleanup", "--retention-days", "99999999999"),
            "between 1 and"),
        Arguments.of(
            "bad env retention",
            Map.of("CLEANUP_RETENTION_DAYS", "abc"),
            List.of("cleanup"),
            "CLEANUP_RETENTION_DAYS"),
        Arguments.of(
            "batch size 0", Map.of(), List.of("cleanup", "--batch-size", "0"), "--batch-size"),
        Arguments.of(
            "bad env batch size",
            Map.of("CLEANUP_BATCH_SIZE", "-1"),
            List.of("cleanup"),
            "CLEANUP_BATCH_SIZE"),
        Arguments.of("unknown flag", Map.of(), List.of("cleanup", "--frobnicate"), "--frobnicate"),
        Arguments.of("unknown command", Map.of(), List.of("obliterate"), "obliterate"),
        Arguments.of("no command", Map.of(), List.of(), "command"),
        Arguments.of(
            "missing --config file",
            Map.of(),
            List.of("cleanup", "--config", "/nonexistent/retention.properties"),
            "--config"),
        Arguments.of(
            "unknown key in --config file",
            Map.of(),
            List.of("cleanup", "--config", "@bad-config"),
            "NOT_A_SETTING"),
        Arguments.of("bad log level", Map.of("LOG_LEVEL", "LOUD"), List.of("cleanup"), "LOG_LEVEL"),
        Arguments.of(
            "bad boolean",
            Map.of("CLEANUP_ALLOW_FULL_WIPE", "maybe"),
            List.of("cleanup"),
            "CLEANUP_ALLOW_FULL_WIPE"),
        Arguments.of("bad max age", Map.of(), List.of("health", "--max-age", "soon"), "--max-age"),
        Arguments.of(
            "lock wait not a duration",
            Map.of(),
            List.of("cleanup", "--lock-wait", "soon"),
            "--lock-wait"),
        Arguments.of(
            "lock wait zero", Map.of("RETENTION_LOCK_WAIT", "0s"), List.of("cleanup"), "positive"),
        Arguments.of(
            "lock wait over an hour",
            Map.of("RETENTION_LOCK_WAIT", "2h"),
            List.of("cleanup"),
            "RETENTION_LOCK_WAIT"),
        Arguments.of(
            "bad http bind address",
            Map.of("RETENTION_HTTP_BIND", "not an address!"),
            List.of("run"),
            "RETENTION_HTTP_BIND"),
        Arguments.of(
            "bad http bind flag",
            Map.of(),
            List.of("run", "--http-bind", "999.1.2.3"),
            "--http-bind"),
        Arguments.of(
            "statement timeout not a duration",
            Map.of(),
            List.of("cleanup", "--statement-timeout", "later"),
            "--statement-timeout"),
        Arguments.of(
            "statement timeout over a day",
            Map.of("RETENTION_STATEMENT_TIMEOUT", "2d"),
            List.of("cleanup"),
            "RETENTION_STATEMENT_TIMEOUT"),
        Arguments.of(
            "bad table name",
            Map.of(),
            List.of("cleanup", "--table", "x; DROP TABLE y"),
            "--table"),
        Arguments.of(
            "bad tenant retention",
            Map.of(),
            List.of("cleanup", "--tenant-retention", "org-a="),
            "org-a="));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badSettingsExitTwoAndTouchNothing(
      String name, Map<String, String> environment, List<String> args, String named)
      throws Exception {
    Path badConfig = directory.resolve("bad.properties");
    Files.writeString(badConfig, "NOT_A_SETTING=1\n");
    String[] argv =
        args.stream()
            .map(arg -> arg.equals("@bad-config") ? badConfig.toString() : arg)
            .toArray(String[]::new);
    Map<String, String> env = new java.util.HashMap<>(environment);
    env.put("RETENTION_DB_URL", database.url());
    String before = fingerprint(database.file);

    AppRun run = AppRun.of(env, argv);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).as(run.toString()).contains(named);
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception in thread");
    assertThat(fingerprint(database.file)).as("database untouched").isEqualTo(before);
  }

  static Stream<Arguments> badDatabases() {
    return Stream.of(
        Arguments.of("missing database file", "jdbc:sqlite:@dir/absent.db", "not found"),
        Arguments.of("unsupported URL", "jdbc:mysql://localhost/mai", "unsupported database URL"),
        Arguments.of("garbage URL", "definitely not a url", "unsupported database URL"),
        Arguments.of("no generations table", "jdbc:sqlite:@dir/bare.db", "processed_generations"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badDatabases")
  void badDatabasesExitTwoAndCreateNothing(String name, String url, String named) throws Exception {
    LegacySqliteDatabase.create(directory.resolve("bare.db"), false, true);
    String bareBefore = fingerprint(directory.resolve("bare.db"));
    String resolved = url.replace("@dir", directory.toString());

    for (String command : List.of("cleanup", "migrate", "history")) {
      AppRun run = AppRun.of(Map.of("RETENTION_DB_URL", resolved), command);

      assertThat(run.exitCode()).as(command + ": " + run).isEqualTo(2);
      assertThat(run.err()).as(run.toString()).contains(named);
      assertThat(run.err()).doesNotContain("\tat ");
    }
    assertThat(directory.resolve("absent.db")).doesNotExist();
    assertThat(fingerprint(directory.resolve("bare.db"))).isEqualTo(bareBefore);
  }

  @ParameterizedTest(name = "DATABASE_URL {0}")
  @MethodSource("openWebUiUrls")
  void openWebUiDatabaseUrlsAreUnderstood(String url, String expected) {
    AppRun run = AppRun.of(Map.of("DATABASE_URL", url), "config");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains(expected).doesNotContain("s3cret");
  }

  static Stream<Arguments> openWebUiUrls() {
    return Stream.of(
        Arguments.of("sqlite:///data/webui.db", "jdbc:sqlite:data/webui.db"),
        Arguments.of(
            "sqlite:////app/backend/data/webui.db", "jdbc:sqlite:/app/backend/data/webui.db"),
        Arguments.of(
            "postgresql://mai:s3cret@db.internal:5432/mai",
            "jdbc:postgresql://db.internal:5432/mai"),
        Arguments.of("postgres://mai:s3cret@db.internal/mai", "jdbc:postgresql://db.internal/mai"));
  }

  private static String fingerprint(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    digest.update(Files.readAllBytes(file));
    Path wal = Path.of(file + "-wal");
    if (Files.exists(wal)) {
      digest.update(Files.readAllBytes(wal));
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
