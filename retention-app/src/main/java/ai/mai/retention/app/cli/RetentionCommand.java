package ai.mai.retention.app.cli;

import ai.mai.retention.app.wiring.RetentionRuntime;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Function;
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
      DemoCommand.class,
      HistoryCommand.class,
      HealthCommand.class,
      MigrateCommand.class,
      ConfigCommand.class
    })
public final class RetentionCommand implements Runnable {

  @Spec CommandSpec spec;

  private final Map<String, String> environment;
  private final Function<ai.mai.retention.app.config.AppSettings, RetentionRuntime> runtimes;

  public RetentionCommand(
      Map<String, String> environment,
      Function<ai.mai.retention.app.config.AppSettings, RetentionRuntime> runtimes) {
    this.environment = environment;
    this.runtimes = runtimes;
  }

  public Map<String, String> environment() {
    return environment;
  }

  public RetentionRuntime open(ai.mai.retention.app.config.AppSettings settings) {
    return runtimes.apply(settings);
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
