package ai.mai.retention.app;

import ai.mai.retention.app.cli.ShutdownSignal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

/** One invocation of the app's real entry point, with its exit code and both output streams. */
record AppRun(int exitCode, String out, String err) {

  static AppRun of(Map<String, String> environment, String... args) {
    return of(environment, new ShutdownSignal(), args);
  }

  /** With a shutdown signal the test raises to stop a daemon ({@code run}). */
  static AppRun of(Map<String, String> environment, ShutdownSignal shutdown, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        RetentionApp.execute(
            args,
            new HashMap<>(environment),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            shutdown);
    return new AppRun(code, out.toString(), err.toString());
  }

  static AppRun of(String... args) {
    return of(Map.of(), args);
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
  }
}
