package ai.mai.retention.app.cli;

import ai.mai.retention.app.config.Configuration;
import ai.mai.retention.app.config.ConfigurationException;
import ai.mai.retention.app.config.DatabaseTarget;
import ai.mai.retention.app.config.Setting.Scope;
import ai.mai.retention.app.demo.DemoDatabase;
import ai.mai.retention.app.report.ReportJson;
import ai.mai.retention.app.report.ReportText;
import ai.mai.retention.app.wiring.Access;
import ai.mai.retention.app.wiring.RetentionRuntime;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.embedded.Retention;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The first thing a new user runs: a realistic SQLite database, cleaned for real. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Creates a SQLite demo database and runs a real cleanup on it.",
      "The database has four organizations, rows over ~180 days and one legacy audit row from the",
      "Python service; the demo previews the cleanup, runs it, and prints the report and history."
    })
final class DemoCommand implements Callable<Integer>, RetentionCommand.ReadsSettings {

  @ParentCommand RetentionCommand root;

  @Spec CommandSpec spec;

  @Option(
      names = "--file",
      paramLabel = "PATH",
      description =
          "Demo database file (default retention-demo.db; recreated if it is a demo file).")
  Path file = Path.of("retention-demo.db");

  @Option(names = "--rows", paramLabel = "N", description = "Rows to generate (default 20000).")
  int rows = 20_000;

  @Option(names = "--json", description = "Print the cleanup report as JSON.")
  boolean json;

  /** The demo always works on its own file: no database settings. */
  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.GENERAL, Scope.CLEANUP);
  }

  @Override
  public Integer call() {
    if (rows < 1 || rows > 50_000_000) {
      throw new ConfigurationException("--rows: must be between 1 and 50000000, got " + rows);
    }
    String url = "jdbc:sqlite:" + file;
    Configuration configuration =
        root.configuration(spec, scopes())
            .withDatabase(DatabaseTarget.fromJdbcUrl(url, "--file"), url);

    DemoDatabase.create(file, rows, Instant.now(), 42);
    root.out()
        .println("Created demo database " + file.toAbsolutePath() + " with " + rows + " rows.");
    try (RetentionRuntime runtime = root.open(configuration, Access.READ_WRITE)) {
      Retention retention = runtime.retention();
      retention.migrate();
      CleanupReport preview = retention.run(retention.request(CleanupTrigger.DEMO).asDryRun());
      CleanupReport report =
          retention.run(
              retention.request(CleanupTrigger.DEMO).withStopSignal(root.shutdown()::isRaised));
      if (json) {
        root.out().println(ReportJson.write(ReportJson.cleanup(report)));
      } else {
        root.out().println();
        root.out().print(ReportText.cleanup(preview));
        root.out().println();
        root.out().print(ReportText.cleanup(report));
        root.out().println();
        root.out().println("History (processed_generation_cleanup_log):");
        root.out().print(ReportText.history(retention.history(10)));
        root.out().println();
        root.out()
            .println(
                "Try: java -jar retention-app/target/retention-app.jar history --db jdbc:sqlite:"
                    + file);
      }
      root.out().flush();
      return ExitCodes.of(report.status());
    }
  }
}
