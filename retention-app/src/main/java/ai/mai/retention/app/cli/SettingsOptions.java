package ai.mai.retention.app.cli;

import ai.mai.retention.app.config.RawSettings;
import ai.mai.retention.app.config.Setting;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The flags of the settings, made from {@link Setting}'s entries for the scopes a command reads: a
 * command shows and accepts only its own ({@code cleanup --help} lists no {@code --cron}, and
 * {@code cleanup --cron ...} is an unknown option, exit 2). Flags beat the environment and the
 * config file.
 */
final class SettingsOptions {

  static final String CONFIG = "--config";

  private SettingsOptions() {}

  /** Adds {@code --config} and the flag of every setting in {@code scopes} to {@code command}. */
  static void addTo(CommandSpec command, Set<Setting.Scope> scopes) {
    command.addOption(
        OptionSpec.builder(CONFIG)
            .paramLabel("FILE")
            .type(Path.class)
            .description(
                "Properties file with settings, keyed by their environment variable names.")
            .build());
    for (Setting setting : Setting.values()) {
      if (scopes.contains(setting.scope()) && setting.flag().isPresent()) {
        OptionSpec.Builder option =
            OptionSpec.builder(setting.flag().get()).description(setting.help());
        if (setting.isSwitch()) {
          option.type(boolean.class).arity("0");
        } else {
          option.type(String.class).paramLabel(setting.paramLabel());
        }
        command.addOption(option.build());
      }
    }
  }

  /** The flags given to {@code command}, layered over the environment and the config file. */
  static RawSettings load(CommandSpec command, Map<String, String> environment) {
    ParseResult parsed = command.commandLine().getParseResult();
    Map<Setting, String> flags = new EnumMap<>(Setting.class);
    for (Setting setting : Setting.values()) {
      String flag = setting.flag().orElse(null);
      if (flag != null && parsed.hasMatchedOption(flag)) {
        Object value = parsed.matchedOptionValue(flag, null);
        if (value != null && !Boolean.FALSE.equals(value)) {
          flags.put(setting, value.toString());
        }
      }
    }
    Path configFile =
        parsed.hasMatchedOption(CONFIG) ? parsed.matchedOptionValue(CONFIG, null) : null;
    return RawSettings.load(flags, environment, Optional.ofNullable(configFile));
  }
}
