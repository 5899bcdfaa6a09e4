package ai.mai.retention.app.cli;

import ai.mai.retention.app.config.AppSettings;
import ai.mai.retention.app.config.DatabaseTarget;
import ai.mai.retention.app.config.RawSettings;
import ai.mai.retention.app.config.Setting;
import ai.mai.retention.app.config.SettingSource;
import ai.mai.retention.app.config.SettingsResolver;
import ai.mai.retention.app.config.SourcedValue;
import ai.mai.retention.app.report.ReportJson;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Prints the effective configuration and where each value came from; secrets masked. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description =
        "Prints the effective configuration and where each value came from (secrets masked).")
final class ConfigCommand implements Callable<Integer> {

  @ParentCommand RetentionCommand root;

  @Mixin SettingsOptions options;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() {
    RawSettings raw = options.load(root.environment());
    SettingsResolver resolver = new SettingsResolver(raw);
    AppSettings settings = resolver.resolve();
    Map<String, Map<String, String>> rows = new LinkedHashMap<>();
    SourcedValue url = resolver.databaseUrlSource();
    rows.put(
        Setting.DB_URL.environmentVariable(),
        row(DatabaseTarget.masked(settings.database().jdbcUrl()), url.source().label()));
    rows.put(
        "database",
        row(settings.database().dialect().name().toLowerCase(Locale.ROOT), "from the URL"));
    for (Setting setting : Setting.values()) {
      if (setting == Setting.DB_URL) {
        continue;
      }
      rows.put(setting.environmentVariable(), describe(setting, raw, settings));
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

  private static Map<String, String> describe(
      Setting setting, RawSettings raw, AppSettings settings) {
    var value = raw.get(setting);
    if (setting.isSecret() || setting == Setting.DB_PASSWORD) {
      boolean fromUrl = value.isEmpty() && settings.database().password().isPresent();
      return row(
          settings.database().password().isPresent() ? "****" : "(none)",
          value
              .map(v -> v.source().label())
              .orElse(fromUrl ? "DATABASE_URL or password file" : "default"));
    }
    if (value.isPresent()) {
      return row(value.get().value(), value.get().source().label());
    }
    if (setting == Setting.DB_USER && settings.database().user().isPresent()) {
      return row(settings.database().user().get(), SettingSource.DATABASE_URL.label());
    }
    return row(defaultOf(setting, settings), "default");
  }

  private static String defaultOf(Setting setting, AppSettings settings) {
    return switch (setting) {
      case DB_USER -> settings.database().user().orElse("(none)");
      case TABLE -> settings.table();
      case RETENTION_DAYS -> String.valueOf(settings.policy().defaultDays());
      case ALLOW_FULL_WIPE -> String.valueOf(settings.guards().allowFullWipe());
      case BATCH_SIZE -> "(chosen by the adapter)";
      case LOCK_WAIT -> settings.lockWait().toMillis() + "ms";
      case STATEMENT_TIMEOUT -> settings.statementTimeout().toMillis() + "ms";
      case VACUUM -> settings.vacuum().label();
      case ENABLED -> String.valueOf(settings.enabled());
      case CRON -> settings.cron();
      case TIMEZONE -> settings.timezone().getId();
      case CLUSTERED -> String.valueOf(settings.clustered());
      case HTTP_PORT -> String.valueOf(settings.httpPort());
      case HTTP_BIND -> settings.httpBind();
      case LOG_LEVEL -> settings.logLevel();
      default -> "(none)";
    };
  }

  private static Map<String, String> row(String value, String source) {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("value", value);
    row.put("source", source);
    return row;
  }
}
