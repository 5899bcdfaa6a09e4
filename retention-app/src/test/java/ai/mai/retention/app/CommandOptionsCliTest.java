package ai.mai.retention.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.app.cli.ShutdownSignal;
import ai.mai.retention.app.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Each command shows and accepts only its own options, all made from the one settings table; and a
 * value the library refuses is named with the setting and where the value came from.
 */
class CommandOptionsCliTest {

  private static final List<String> DAEMON_FLAGS =
      List.of("--cron", "--clustered", "--timezone", "--http-port", "--http-bind");

  @TempDir Path directory;

  private LegacySqliteDatabase database;

  @BeforeEach
  void legacyDatabase() {
    database = LegacySqliteDatabase.create(directory.resolve("webui.db"), true, true);
    database.insert("old", "org-a", Instant.now().minusSeconds(200 * 86_400L), 0.1, 10);
    database.insert("new", "org-a", Instant.now(), 0.1, 10);
  }

  @Test
  void cleanupsHelpListsNoDaemonOptionAndRunsListsThemAll() {
    AppRun cleanup = AppRun.of("cleanup", "--help");
    AppRun run = AppRun.of("run", "--help");

    assertThat(cleanup.exitCode()).isZero();
    assertThat(run.exitCode()).isZero();
    for (String flag : DAEMON_FLAGS) {
      assertThat(cleanup.out()).doesNotContain(flag);
      assertThat(run.out()).contains(flag);
    }
    assertThat(cleanup.out()).contains("--retention-days").contains("--lock-wait");
  }

  static Stream<Arguments> optionsOfAnotherCommand() {
    return Stream.of(
        Arguments.of(List.of("cleanup", "--cron", "0 0 * * * ?"), "--cron"),
        Arguments.of(List.of("cleanup", "--clustered"), "--clustered"),
        Arguments.of(List.of("cleanup", "--timezone", "UTC"), "--timezone"),
        Arguments.of(List.of("cleanup", "--http-port", "0"), "--http-port"),
        Arguments.of(List.of("cleanup", "--http-bind", "0.0.0.0"), "--http-bind"),
        Arguments.of(List.of("cleanup", "--dry-run", "--cron", "0 0 * * * ?"), "--cron"),
        Arguments.of(List.of("history", "--retention-days", "30"), "--retention-days"),
        Arguments.of(List.of("health", "--vacuum", "full"), "--vacuum"),
        Arguments.of(List.of("migrate", "--legal-hold", "org-a"), "--legal-hold"),
        Arguments.of(List.of("demo", "--db", "jdbc:sqlite:x.db"), "--db"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optionsOfAnotherCommand")
  void anOptionOfAnotherCommandExitsTwoNamingItAndTouchesNothing(List<String> args, String flag)
      throws Exception {
    byte[] before = Files.readAllBytes(database.file);

    AppRun run = AppRun.of(Map.of("RETENTION_DB_URL", database.url()), args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option").contains(flag);
    assertThat(Files.readAllBytes(database.file)).isEqualTo(before);
  }

  @Test
  void everyCommandOffersExactlyTheFlagsOfTheSettingsItReads() {
    CommandLine commandLine =
        new ai.mai.retention.app.cli.RetentionCommand(
                Map.of(), new ShutdownSignal(), Clock.systemUTC())
            .commandLine();
    Map<String, Set<Setting.Scope>> scopes =
        Map.of(
            "cleanup", Set.of(Setting.Scope.GENERAL, Setting.Scope.DATABASE, Setting.Scope.CLEANUP),
            "run", Set.of(Setting.Scope.values()),
            "demo", Set.of(Setting.Scope.GENERAL, Setting.Scope.CLEANUP),
            "history", Set.of(Setting.Scope.GENERAL, Setting.Scope.DATABASE),
            "health", Set.of(Setting.Scope.GENERAL, Setting.Scope.DATABASE),
            "migrate", Set.of(Setting.Scope.GENERAL, Setting.Scope.DATABASE),
            "config", Set.of(Setting.Scope.values()));
    assertThat(commandLine.getSubcommands()).containsOnlyKeys(scopes.keySet());
    scopes.forEach(
        (command, read) -> {
          var spec = commandLine.getSubcommands().get(command).getCommandSpec();
          assertThat(spec.findOption("--config")).as(command + " --config").isNotNull();
          for (Setting setting : Setting.values()) {
            if (setting.flag().isEmpty()) {
              continue;
            }
            var option = spec.findOption(setting.flag().get());
            if (read.contains(setting.scope())) {
              assertThat(option).as(command + " " + setting.flag().get()).isNotNull();
              assertThat(String.join(" ", option.description()))
                  .contains(setting.environmentVariable());
            } else {
              assertThat(option).as(command + " " + setting.flag().get()).isNull();
            }
          }
        });
  }

  @Test
  void aDaemonSettingInTheEnvironmentIsNotTheBusinessOfCleanup() {
    AppRun run =
        AppRun.of(
            Map.of(
                "RETENTION_DB_URL",
                database.url(),
                "CLEANUP_TIMEZONE",
                "Mars/Olympus",
                "RETENTION_HTTP_PORT",
                "not a port"),
            "cleanup");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(database.ids()).containsExactly("new");
  }

  @Test
  void aValueTheLibraryRefusesIsNamedWithItsSettingAndWhereItCameFrom() throws Exception {
    Path file = directory.resolve("retention.properties");
    Files.writeString(file, "RETENTION_LOCK_WAIT=2h\nCLEANUP_BATCH_SIZE=500\n");
    Map<String, String> environment = Map.of("RETENTION_DB_URL", database.url());

    AppRun fromFile = AppRun.of(environment, "cleanup", "--config", file.toString());
    AppRun fromFlag =
        AppRun.of(environment, "cleanup", "--retention-days", "99999999999", "--dry-run");
    AppRun policy =
        AppRun.of(
            Map.of("RETENTION_DB_URL", database.url(), "CLEANUP_TENANT_RETENTION_DAYS", "org-a=30"),
            "cleanup",
            "--legal-hold",
            "org-a");

    assertThat(fromFile.exitCode()).isEqualTo(2);
    assertThat(fromFile.err())
        .contains(
            "RETENTION_LOCK_WAIT (config file): lock wait must be between 1ms and 1h, got 2h");
    assertThat(fromFlag.exitCode()).isEqualTo(2);
    assertThat(fromFlag.err())
        .contains(
            "--retention-days / CLEANUP_RETENTION_DAYS (flag): retention days must be between 1"
                + " and 36500, got 99999999999");
    assertThat(policy.exitCode()).isEqualTo(2);
    assertThat(policy.err())
        .contains(
            "CLEANUP_TENANT_RETENTION_DAYS (environment) and --legal-hold / CLEANUP_LEGAL_HOLD"
                + " (flag): organization org-a is both on legal hold");
    assertThat(database.ids()).containsExactly("new", "old");
  }
}
