package ai.mai.retention.app;

import ai.mai.retention.app.cli.ExitCodes;
import ai.mai.retention.app.cli.Logging;
import ai.mai.retention.app.cli.RetentionCommand;
import ai.mai.retention.app.cli.ShutdownSignal;
import ai.mai.retention.app.config.Secrets;
import ai.mai.retention.embedded.FailureText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;

/**
 * The standalone app's entry point. {@link #execute} is what tests call: the real command line,
 * with the environment, stdout and stderr handed in.
 */
public final class RetentionApp {

  private RetentionApp() {}

  /**
   * How long SIGTERM (or Ctrl-C) waits for the command to wind down: the batch in flight commits,
   * the run is journaled as interrupted and the lock released, normally within a second or two.
   * After this the JVM ends anyway and the next run journals the unfinished one. Docker and compose
   * must allow more than this before SIGKILL (the deploy files give 30 s).
   */
  public static final Duration STOP_GRACE = Duration.ofSeconds(25);

  public static void main(String[] args) {
    ShutdownSignal shutdown = new ShutdownSignal();
    CompletableFuture<Integer> finished = new CompletableFuture<>();
    // Runs on System.exit and on SIGTERM/SIGINT alike. It waits for the command's own exit code,
    // never for the main thread (which is inside System.exit, waiting for this hook, on a normal
    // exit), and ends the JVM with that code; on a signal the command sees the raised shutdown,
    // stops after its batch in flight and returns (1 for an interrupted cleanup, 0 for the daemon).
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  shutdown.raise();
                  try {
                    int code = finished.get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                    System.out.flush();
                    System.err.flush();
                    Runtime.getRuntime().halt(code);
                  } catch (TimeoutException | ExecutionException stillRunning) {
                    // The JVM ends with the signal's status; the run's marker stays for the next.
                  } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                  }
                },
                "retention-shutdown"));
    int code = ExitCodes.RUN_FAILED;
    try {
      code =
          execute(
              args,
              System.getenv(),
              new PrintWriter(System.out, true),
              new PrintWriter(System.err, true),
              shutdown);
    } finally {
      System.out.flush();
      System.err.flush();
      finished.complete(code);
    }
    // Returns at once through the hook; blocks harmlessly when a signal already started the exit.
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
    CommandLine commandLine =
        new RetentionCommand(environment, shutdown, Clock.systemUTC()).commandLine();
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
        (exception, executed, parseResult) -> {
          int code = exitCodeOf(exception);
          String message =
              code == ExitCodes.USAGE && exception.getMessage() != null
                  ? exception.getMessage()
                  : FailureText.describe(exception);
          err.println("error: " + Secrets.scrub(message));
          if (Logging.debugging()) {
            StringWriter trace = new StringWriter();
            exception.printStackTrace(new PrintWriter(trace));
            err.print(Secrets.scrub(trace.toString()));
          }
          err.flush();
          return code;
        });
    return commandLine.execute(args);
  }

  /** See {@link ExitCodes#of(Throwable)}. */
  static int exitCodeOf(Throwable exception) {
    return ExitCodes.of(exception);
  }
}
