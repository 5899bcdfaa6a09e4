package ai.mai.retention.app.cli;

import ai.mai.retention.app.config.Configuration;
import ai.mai.retention.app.config.Setting.Scope;
import ai.mai.retention.app.report.ReportJson;
import ai.mai.retention.app.report.ReportText;
import ai.mai.retention.app.wiring.Access;
import ai.mai.retention.app.wiring.RetentionRuntime;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.port.in.CleanupRequest;
import ai.mai.retention.core.port.out.CleanupListener;
import ai.mai.retention.embedded.Retention;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** One cleanup now, or a preview of it. */
@Command(
    name = "cleanup",
    mixinStandardHelpOptions = true,
    description = {
      "Deletes expired rows now, in bounded batches, and journals the run.",
      "Exit codes: 0 success (also when nothing expired), 1 failed or refused by a guard,",
      "2 bad usage or configuration, 3 another cleanup is running on this database.",
      "SIGTERM or Ctrl-C stops it after the batch in flight; the run is journaled as interrupted."
    })
final class CleanupCommand implements Callable<Integer>, RetentionCommand.ReadsSettings {

  @ParentCommand RetentionCommand root;

  @Spec CommandSpec spec;

  @Option(
      names = "--dry-run",
      description = "Preview: count per organization what would go; delete and journal nothing.")
  boolean dryRun;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.GENERAL, Scope.DATABASE, Scope.CLEANUP);
  }

  @Override
  public Integer call() {
    Configuration configuration = root.configuration(spec, scopes());
    // A progress bar only for a person at a terminal, and never mixed into JSON.
    boolean terminal = System.console() != null && !json && !dryRun;
    // A dry run only reads: it changes no byte of the file, not even the journal mode.
    try (RetentionRuntime runtime =
        root.open(
            configuration,
            dryRun ? Access.READ_ONLY : Access.READ_WRITE,
            terminal ? new ProgressBar(System.err) : CleanupListener.NONE)) {
      Retention retention = runtime.retention();
      if (!dryRun) {
        retention.migrate();
      }
      // SIGTERM (or Ctrl-C) stops the run after its batch in flight: journaled as interrupted.
      CleanupRequest request =
          retention.request(CleanupTrigger.MANUAL).withStopSignal(root.shutdown()::isRaised);
      CleanupReport report = retention.run(dryRun ? request.asDryRun() : request);
      root.out()
          .print(
              json
                  ? ReportJson.write(ReportJson.cleanup(report)) + "\n"
                  : ReportText.cleanup(report));
      root.out().flush();
      if (!report.success()) {
        root.err().println(report.status().label() + ": " + report.error());
        root.err().flush();
      }
      return ExitCodes.of(report.status());
    }
  }
}
