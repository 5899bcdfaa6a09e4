package ai.mai.retention.app.cli;

import ai.mai.retention.app.config.AppSettings;
import ai.mai.retention.app.wiring.RetentionRuntime;
import ai.mai.retention.app.wiring.RetentionRuntimes.Access;
import ai.mai.retention.core.port.out.CleanupListener;
import com.google.inject.Module;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
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

  @Spec CommandSpec spec;

  private final Map<String, String> environment;
  private final RuntimeOpener runtimes;
  private final ShutdownSignal shutdown;

  /**
   * @param environment the process environment (tests pass their own)
   * @param runtimes opens the configured database, adding a command's own listener to the logs
   * @param shutdown what ends the daemon: SIGTERM in production, a test's trigger in tests
   */
  public RetentionCommand(
      Map<String, String> environment, RuntimeOpener runtimes, ShutdownSignal shutdown) {
    this.environment = environment;
    this.runtimes = runtimes;
    this.shutdown = shutdown;
  }

  public ShutdownSignal shutdown() {
    return shutdown;
  }

  public Map<String, String> environment() {
    return environment;
  }

  public RetentionRuntime open(AppSettings settings) {
    return runtimes.open(settings, CleanupListener.NONE, List.of(), Access.READ_WRITE);
  }

  /** For commands that only read: health, history, a dry run. */
  public RetentionRuntime openReadOnly(AppSettings settings) {
    return runtimes.open(settings, CleanupListener.NONE, List.of(), Access.READ_ONLY);
  }

  public RetentionRuntime open(
      AppSettings settings, Access access, CleanupListener listener, Module... extra) {
    return runtimes.open(settings, listener, List.of(extra), access);
  }

  /** Opens the configured database with a command's own listener and modules added. */
  @FunctionalInterface
  public interface RuntimeOpener {
    RetentionRuntime open(
        AppSettings settings, CleanupListener listener, List<Module> extraModules, Access access);
  }

  public PrintWriter out() {
    return spec.commandLine().getOut();
  }

  public PrintWriter err() {
    return spec.commandLine().getErr();
  }

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }
}
