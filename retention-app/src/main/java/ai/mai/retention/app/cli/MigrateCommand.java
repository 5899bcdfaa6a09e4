package ai.mai.retention.app.cli;

import ai.mai.retention.app.config.AppSettings;
import ai.mai.retention.app.config.SettingsResolver;
import ai.mai.retention.app.wiring.RetentionRuntime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** Creates or upgrades the library's tables. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Creates or upgrades the library's tables; idempotent.",
      "Adopts an existing processed_generation_cleanup_log and its rows untouched."
    })
final class MigrateCommand implements Callable<Integer> {

  @ParentCommand RetentionCommand root;

  @Mixin SettingsOptions options;

  @Override
  public Integer call() {
    AppSettings settings = new SettingsResolver(options.load(root.environment())).resolve();
    try (RetentionRuntime runtime = root.open(settings)) {
      int applied = runtime.schema().migrate();
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
