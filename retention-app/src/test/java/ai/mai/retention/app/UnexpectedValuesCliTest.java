package ai.mai.retention.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 12: unexpected values in the Python service's audit rows or in a config file must not break
 * a command in a way the user cannot act on: the message names the row or the key and what is
 * wrong.
 */
class UnexpectedValuesCliTest {

  @TempDir Path directory;

  private LegacySqliteDatabase database;

  @BeforeEach
  void legacyDatabase() {
    database = LegacySqliteDatabase.create(directory.resolve("webui.db"), true, true);
  }

  private AppRun app(String... args) {
    return AppRun.of(Map.of("RETENTION_DB_URL", database.url()), args);
  }

  @Test
  void aLegacyAuditRowWithTextForADateIsNamedByHistoryAndHealth() {
    assertThat(app("migrate").exitCode()).isZero();
    database.execute(
        "INSERT INTO processed_generation_cleanup_log (cleanup_date, success, created_at)"
            + " VALUES ('last tuesday', 1, 1999999999)");
    long id = database.queryForLong("SELECT max(id) FROM processed_generation_cleanup_log");

    AppRun history = app("history");
    AppRun health = app("health");

    // history fails on stderr; health reports the reason as its verdict, on stdout.
    for (AppRun run : new AppRun[] {history, health}) {
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
      assertThat(run == health ? run.out() : run.err())
          .as(run.toString())
          .contains("processed_generation_cleanup_log row id=" + id)
          .contains("cleanup_date holds 'last tuesday'")
          .contains("not a date");
    }
  }

  @Test
  void aConfigFileWrittenWithAByteOrderMarkIsRead() throws Exception {
    Path config = directory.resolve("retention.properties");
    Files.writeString(config, "\uFEFFCLEANUP_RETENTION_DAYS=120\n", StandardCharsets.UTF_8);

    AppRun run = app("config", "--config", config.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("120");
  }

  @Test
  void anInvisibleCharacterInAConfigValueIsNamedWithItsKey() throws Exception {
    Path config = directory.resolve("retention.properties");
    Files.writeString(config, "CLEANUP_RETENTION_DAYS=90\u00a0\n", StandardCharsets.UTF_8);

    AppRun run = app("cleanup", "--dry-run", "--config", config.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err())
        .contains("CLEANUP_RETENTION_DAYS (config file)")
        .contains("invisible character U+00A0")
        .contains("90\\u00a0");
  }

  @Test
  void aCommandIgnoresAnInvisibleCharacterInASettingItDoesNotTake() throws Exception {
    Path config = directory.resolve("retention.properties");
    Files.writeString(config, "CLEANUP_CRON=0 0 0 * * ?\u00a0\n", StandardCharsets.UTF_8);

    AppRun cleanup = app("cleanup", "--dry-run", "--config", config.toString());
    AppRun daemon = app("run", "--config", config.toString());

    assertThat(cleanup.exitCode()).as(cleanup.toString()).isZero();
    assertThat(daemon.exitCode()).as(daemon.toString()).isEqualTo(2);
    assertThat(daemon.err())
        .contains("CLEANUP_CRON (config file)")
        .contains("invisible character U+00A0");
  }

  @Test
  void aLogLevelInAConfigFileSetsTheLevel() throws Exception {
    Path config = directory.resolve("retention.properties");
    Files.writeString(config, "LOG_LEVEL=ERROR\n", StandardCharsets.UTF_8);

    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    AppRun quiet = app("cleanup", "--dry-run", "--config", config.toString());
    Level afterQuiet = root.getLevel();
    AppRun normal = app("cleanup", "--dry-run");
    Level afterNormal = root.getLevel();

    assertThat(quiet.exitCode()).as(quiet.toString()).isZero();
    assertThat(normal.exitCode()).as(normal.toString()).isZero();
    assertThat(afterQuiet).isEqualTo(Level.ERROR);
    assertThat(afterNormal).isEqualTo(Level.INFO);
  }

  @Test
  void anUnknownKeyIsShownWithItsInvisibleCharactersSpelledOut() throws Exception {
    Path config = directory.resolve("retention.properties");
    Files.writeString(config, "CLEANUP_RETENTION_DAYS\u200b=90\n", StandardCharsets.UTF_8);

    AppRun run = app("cleanup", "--dry-run", "--config", config.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("unknown setting 'CLEANUP_RETENTION_DAYS\\u200b'");
  }
}
