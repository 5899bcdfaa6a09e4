package ai.mai.retention.app.cli;

import ai.mai.retention.app.config.Configuration;
import ai.mai.retention.app.config.Setting;
import ai.mai.retention.app.wiring.Access;
import ai.mai.retention.app.wiring.LoggingCleanupListener;
import ai.mai.retention.app.wiring.RetentionRuntime;
import ai.mai.retention.core.port.out.CleanupListener;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level command: holds what every subcommand needs from its surroundings. */
@Command(
    name = "retention-app",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Deletes mAI's processed_generations rows older than the retention period in bounded,"
            + " journaled batches.",
    subcommands = {
      CleanupCommand.class,
      RunCommand.class,
      DemoCommand.class,
      HistoryCommand.class,
      HealthCommand.class,
      MigrateCommand.class,
      ConfigCommand.class
    })
public final class RetentionCommand implements Runnable {

  /** A subcommand that reads settings: the scopes whose flags it shows and accepts. */
  interface ReadsSettings {
    Set<Setting.Scope> scopes();
  }

  /** How often a long run logs its progress. */
  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

  @Spec CommandSpec spec;

  private final Map<String, String> environment;
  private final ShutdownSignal shutdown;
  private final Clock clock;

  /**
   * @param environment the process environment (tests pass their own)
   * @param shutdown what ends the daemon and stops a cleanup: SIGTERM in production, a test's
   *     trigger in tests
   * @param clock where every run's time comes from
   */
  public RetentionCommand(Map<String, String> environment, ShutdownSignal shutdown, Clock clock) {
    this.environment = environment;
    this.shutdown = shutdown;
    this.clock = clock;
  }

  /** The command line, each subcommand with the flags of its own settings only. */
  public CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(this);
    commandLine
        .getSubcommands()
        .values()
        .forEach(
            subcommand -> {
              if (subcommand.getCommand() instanceof ReadsSettings reads) {
                SettingsOptions.addTo(subcommand.getCommandSpec(), reads.scopes());
              }
            });
    return commandLine;
  }

  /** The settings of {@code command} (its flags, the environment, the config file), applied. */
  Configuration configuration(CommandSpec command, Set<Setting.Scope> scopes) {
    Configuration configuration =
        Configuration.resolve(SettingsOptions.load(command, environment), scopes);
    // The level as resolved, a --config file's LOG_LEVEL included.
    Logging.setLevel(configuration.logLevel());
    return configuration;
  }

  /** The front door on the configured database; the run logs hear each run first. */
  RetentionRuntime open(Configuration configuration, Access access, CleanupListener... listeners) {
    List<CleanupListener> all = new ArrayList<>();
    all.add(new LoggingCleanupListener(clock, PROGRESS_INTERVAL));
    all.addAll(List.of(listeners));
    return RetentionRuntime.open(configuration, access, clock, all.toArray(CleanupListener[]::new));
  }

  ShutdownSignal shutdown() {
    return shutdown;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }
}
