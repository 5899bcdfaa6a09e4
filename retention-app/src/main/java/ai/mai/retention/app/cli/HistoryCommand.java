package ai.mai.retention.app.cli;

import ai.mai.retention.app.config.ConfigurationException;
import ai.mai.retention.app.config.Setting.Scope;
import ai.mai.retention.app.report.ReportJson;
import ai.mai.retention.app.report.ReportText;
import ai.mai.retention.app.wiring.Access;
import ai.mai.retention.app.wiring.RetentionRuntime;
import ai.mai.retention.core.domain.JournalEntry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Recent runs from the audit table. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "Lists recent runs from processed_generation_cleanup_log, newest first.")
final class HistoryCommand implements Callable<Integer>, RetentionCommand.ReadsSettings {

  @ParentCommand RetentionCommand root;

  @Spec CommandSpec spec;

  @Option(names = "--limit", paramLabel = "N", description = "How many runs (default 20).")
  int limit = 20;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.GENERAL, Scope.DATABASE);
  }

  @Override
  public Integer call() {
    if (limit < 1 || limit > 10_000) {
      throw new ConfigurationException("--limit: must be between 1 and 10000, got " + limit);
    }
    // Read-only, like health: the Python service's rows are listed before the first migration.
    try (RetentionRuntime runtime =
        root.open(root.configuration(spec, scopes()), Access.READ_ONLY)) {
      List<JournalEntry> entries = runtime.retention().history(limit);
      root.out()
          .print(
              json
                  ? ReportJson.write(entries.stream().map(ReportJson::entry).toList()) + "\n"
                  : ReportText.history(entries));
      root.out().flush();
      return ExitCodes.OK;
    }
  }
}
