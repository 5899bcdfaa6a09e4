package ai.mai.retention.app.cli;

import ai.mai.retention.app.config.Configuration;
import ai.mai.retention.app.config.ConfigurationException;
import ai.mai.retention.app.config.DurationText;
import ai.mai.retention.app.config.Secrets;
import ai.mai.retention.app.config.Setting.Scope;
import ai.mai.retention.app.daemon.DaemonHealth;
import ai.mai.retention.app.report.ReportJson;
import ai.mai.retention.app.report.ReportText;
import ai.mai.retention.app.wiring.Access;
import ai.mai.retention.app.wiring.RetentionRuntime;
import ai.mai.retention.core.domain.HealthReport;
import ai.mai.retention.embedded.FailureText;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Exit 0 when a successful run is recent enough: fit for a Docker HEALTHCHECK. */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    description = {
      "Exit 0 if a successful cleanup finished within --max-age, else 1.",
      "Reads the audit journal; fit for a Docker HEALTHCHECK."
    })
final class HealthCommand implements Callable<Integer>, RetentionCommand.ReadsSettings {

  @ParentCommand RetentionCommand root;

  @Spec CommandSpec spec;

  @Option(
      names = "--max-age",
      paramLabel = "AGE",
      description =
          "How old the last success may be: 26h, 90m, 2d or ISO-8601 (default ${DEFAULT-VALUE}).")
  String maxAge = DurationText.format(DaemonHealth.MINIMUM_MAX_AGE);

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.GENERAL, Scope.DATABASE);
  }

  @Override
  public Integer call() {
    Duration age = parseAge(maxAge);
    Configuration configuration = root.configuration(spec, scopes());
    HealthReport health;
    // Read-only: never migrates or writes, so it works on a read-only file or mount, with a
    // SELECT-only user, and on a database the Python service left (judged by its rows).
    try (RetentionRuntime runtime = root.open(configuration, Access.READ_ONLY)) {
      health = runtime.retention().health(age);
    } catch (RuntimeException failure) {
      if (ExitCodes.of(failure) == ExitCodes.USAGE) {
        throw failure;
      }
      // A database that is away is an answer too: unhealthy, with the reason, in the same form.
      return unavailable(FailureText.describe(failure));
    }
    root.out()
        .print(
            json ? ReportJson.write(ReportJson.health(health)) + "\n" : ReportText.health(health));
    root.out().flush();
    return health.healthy() ? ExitCodes.OK : ExitCodes.RUN_FAILED;
  }

  private int unavailable(String reason) {
    String message = "cannot read the journal: " + Secrets.scrub(reason);
    if (json) {
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("status", "unhealthy");
      report.put("healthy", false);
      report.put("reason", message);
      report.put("database", "unavailable");
      root.out().println(ReportJson.write(report));
    } else {
      root.out().println("UNHEALTHY: " + message);
    }
    root.out().flush();
    return ExitCodes.RUN_FAILED;
  }

  static Duration parseAge(String text) {
    try {
      return DurationText.parsePositive(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("--max-age: " + e.getMessage());
    }
  }
}
