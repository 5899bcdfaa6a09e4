package ai.mai.retention.app.cli;

import ai.mai.retention.app.config.Configuration;
import ai.mai.retention.app.config.DatabaseTarget;
import ai.mai.retention.app.config.Setting;
import ai.mai.retention.app.config.Setting.Scope;
import ai.mai.retention.app.config.SettingSource;
import ai.mai.retention.app.config.SourcedValue;
import ai.mai.retention.app.report.ReportJson;
import ai.mai.retention.app.wiring.RetentionRuntime;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Prints the effective configuration and where each value came from; secrets masked. Every setting
 * is checked as the commands check it (the front door is built, without a connection).
 */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description =
        "Prints the effective configuration and where each value came from (secrets masked).")
final class ConfigCommand implements Callable<Integer>, RetentionCommand.ReadsSettings {

  @ParentCommand RetentionCommand root;

  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Set<Scope> scopes() {
    return EnumSet.allOf(Scope.class);
  }

  @Override
  public Integer call() {
    Configuration configuration = root.configuration(spec, scopes());
    DatabaseTarget database = configuration.database();
    RetentionRuntime.check(configuration);
    Map<String, Map<String, String>> rows = new LinkedHashMap<>();
    rows.put(
        Setting.DB_URL.environmentVariable(),
        row(
            DatabaseTarget.masked(database.jdbcUrl()),
            configuration.databaseSource().source().label()));
    rows.put("database", row(database.dialect().name().toLowerCase(Locale.ROOT), "from the URL"));
    for (Setting setting : Setting.values()) {
      if (setting != Setting.DB_URL) {
        rows.put(setting.environmentVariable(), describe(setting, configuration));
      }
    }
    if (json) {
      root.out().println(ReportJson.write(rows));
    } else {
      rows.forEach(
          (name, row) ->
              root.out()
                  .printf(
                      Locale.ROOT, "%-31s %-40s %s%n", name, row.get("value"), row.get("source")));
    }
    root.out().flush();
    return ExitCodes.OK;
  }

  private static Map<String, String> describe(Setting setting, Configuration configuration) {
    Optional<SourcedValue> value = configuration.raw().get(setting);
    DatabaseTarget database = configuration.database();
    if (setting.isSecret()) {
      // Where the password came from: given itself, read from the password file, or in the URL.
      String source =
          value
              .map(given -> given.source().label())
              .or(
                  () ->
                      configuration
                          .raw()
                          .get(Setting.DB_PASSWORD_FILE)
                          .map(file -> "password file"))
              .orElse(
                  database.password().isPresent()
                      ? SettingSource.DATABASE_URL.label()
                      : SettingSource.DEFAULT.label());
      return row(database.password().isPresent() ? "****" : "(none)", source);
    }
    if (value.isPresent()) {
      return row(value.get().value(), value.get().source().label());
    }
    if (setting == Setting.DB_USER && database.user().isPresent()) {
      return row(database.user().get(), SettingSource.DATABASE_URL.label());
    }
    return row(setting.defaultText(), "default");
  }

  private static Map<String, String> row(String value, String source) {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("value", value);
    row.put("source", source);
    return row;
  }
}
