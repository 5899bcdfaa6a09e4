package ai.mai.retention.app;

import ai.mai.retention.app.cli.ExitCodes;
import ai.mai.retention.app.cli.RetentionCommand;
import ai.mai.retention.app.cli.ShutdownSignal;
import ai.mai.retention.app.config.ConfigurationException;
import ai.mai.retention.app.config.Secrets;
import ai.mai.retention.app.wiring.CompositeCleanupListener;
import ai.mai.retention.app.wiring.LoggingCleanupListener;
import ai.mai.retention.app.wiring.RetentionRuntimes;
import ai.mai.retention.core.domain.InvalidPolicyException;
import ai.mai.retention.core.port.out.SchemaProblemException;
import ai.mai.retention.core.service.FailureMessages;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The standalone app's entry point. {@link #execute} is what tests call: the real command line,
 * with the environment, stdout and stderr handed in.
 */
public final class RetentionApp {

  private RetentionApp() {}

  public static void main(String[] args) {
    ShutdownSignal shutdown = new ShutdownSignal();
    Thread main = Thread.currentThread();
    // SIGTERM: tell the daemon to stop, then let it finish its batch and journal before the JVM
    // ends.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  shutdown.raise();
                  try {
                    main.join(Duration.ofSeconds(30).toMillis());
                  } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                  }
                },
                "retention-shutdown"));
    int code =
        execute(
            args,
            System.getenv(),
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true),
            shutdown);
    if (shutdown.isRaised()) {
      // The JVM is already shutting down (SIGTERM): System.exit would block on our own hook.
      return;
    }
    System.exit(code);
  }

  public static int execute(
      String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
    return execute(args, environment, out, err, new ShutdownSignal());
  }

  /** As above; {@code shutdown} ends a daemon started with {@code run}. */
  public static int execute(
      String[] args,
      Map<String, String> environment,
      PrintWriter out,
      PrintWriter err,
      ShutdownSignal shutdown) {
    Logging.configure(args, environment);
    Clock clock = Clock.systemUTC();
    RetentionCommand root =
        new RetentionCommand(
            environment,
            (settings, listener, modules) ->
                RetentionRuntimes.open(
                    settings,
                    clock,
                    new CompositeCleanupListener(
                        List.of(
                            new LoggingCleanupListener(clock, Duration.ofSeconds(5)), listener)),
                    modules),
            shutdown);
    CommandLine commandLine = new CommandLine(root);
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExitCodeExceptionMapper(RetentionApp::exitCodeOf);
    commandLine.setParameterExceptionHandler(
        (exception, arguments) -> {
          err.println("error: " + Secrets.scrub(exception.getMessage()));
          err.println(
              "Run '"
                  + exception.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help' for usage.");
          err.flush();
          return ExitCodes.USAGE;
        });
    commandLine.setExecutionExceptionHandler(
        (thrown, executed, parseResult) -> {
          Throwable exception = unwrapWiring(thrown);
          int code = exitCodeOf(exception);
          String message =
              code == ExitCodes.USAGE && exception.getMessage() != null
                  ? exception.getMessage()
                  : FailureMessages.describe(exception);
          err.println("error: " + Secrets.scrub(message));
          err.flush();
          return code;
        });
    return commandLine.execute(args);
  }

  /** Guice wraps what a provider threw (a bad schedule, say); the cause is what the user needs. */
  static Throwable unwrapWiring(Throwable thrown) {
    if ((thrown instanceof com.google.inject.ProvisionException
            || thrown instanceof com.google.inject.CreationException)
        && thrown.getCause() != null) {
      return thrown.getCause();
    }
    return thrown;
  }

  /** Configuration and schema problems are usage errors (2); anything else is a failure (1). */
  static int exitCodeOf(Throwable exception) {
    if (exception instanceof ConfigurationException
        || exception instanceof SchemaProblemException
        || exception instanceof InvalidPolicyException
        || exception instanceof IllegalArgumentException) {
      return ExitCodes.USAGE;
    }
    return ExitCodes.RUN_FAILED;
  }
}
