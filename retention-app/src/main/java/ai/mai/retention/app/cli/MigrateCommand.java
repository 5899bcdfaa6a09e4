package ai.mai.retention.app.cli;

import ai.mai.retention.app.config.Setting.Scope;
import ai.mai.retention.app.wiring.Access;
import ai.mai.retention.app.wiring.RetentionRuntime;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Creates or upgrades the library's tables. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Creates or upgrades the library's tables; idempotent.",
      "Adopts an existing processed_generation_cleanup_log and its rows untouched."
    })
final class MigrateCommand implements Callable<Integer>, RetentionCommand.ReadsSettings {

  @ParentCommand RetentionCommand root;

  @Spec CommandSpec spec;

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.GENERAL, Scope.DATABASE);
  }

  @Override
  public Integer call() {
    try (RetentionRuntime runtime =
        root.open(root.configuration(spec, scopes()), Access.READ_WRITE)) {
      int applied = runtime.retention().migrate();
      root.out()
          .println(
              applied == 0
                  ? "Schema is up to date (no migration applied)."
                  : "Applied " + applied + " migration(s); schema is up to date.");
      root.out().flush();
      return ExitCodes.OK;
    }
  }
}
